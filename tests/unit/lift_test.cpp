//===- lift_test.cpp - Tests of lambda lifting into Core ------------------===//

#include "compiler_test_support.h"

#include <gtest/gtest.h>

namespace lazyc {
namespace {

using test::functionOf;
using test::liftValid;

/// The printed Core of a valid program, after checking its invariants.
std::string coreOf(const std::string &text) {
  core::Program program = liftValid(text);
  EXPECT_EQ(core::checkProgram(program), "");
  return test::printedCore(program);
}

TEST(Lift, TopLevelFunctionsKeepTheirOrderAndTypes) {
  std::string core = coreOf("data List = { Nil, Cons Int List }\n"
                            "defn length l = { case l of { Nil -> { 0 } "
                            "Cons x xs -> { 1 + length xs } } }\n"
                            "defn main = { length (Cons 1 Nil) }");
  EXPECT_EQ(core, "length :: List -> Int\n"
                  "length l =\n"
                  "  case l of\n"
                  "    Nil -> 0\n"
                  "    Cons x xs -> 1 + length xs\n"
                  "\n"
                  "main :: Int\n"
                  "main = length (Cons 1 Nil)\n");
}

TEST(Lift, MainKeepsItsIndex) {
  core::Program program = liftValid("defn f x = { x }\ndefn main = { f 1 }\n"
                                    "defn g = { \\y -> { y } }");
  ASSERT_EQ(program.functions.size(), 4u);
  EXPECT_EQ(program.functions[program.main].name, "main");
  EXPECT_EQ(program.functions[3].name, "g$lambda1");
}

TEST(Lift, IfIsACaseOnBool) {
  std::string core = coreOf("defn main = { if 1 < 2 then { 3 } else { 4 } }");
  EXPECT_EQ(core, "main :: Int\n"
                  "main =\n"
                  "  case 1 < 2 of\n"
                  "    True -> 3\n"
                  "    False -> 4\n");
}

TEST(Lift, LambdasTakeWhatTheyCaptureFirst) {
  std::string core = coreOf("defn g a b = { \\x -> { a - b + x } }\n"
                            "defn main = { g 1 2 3 }");
  EXPECT_EQ(functionOf(core, "g"), "g :: Int -> Int -> Int -> Int\n"
                                   "g a b = g$lambda1 a b\n");
  EXPECT_EQ(functionOf(core, "g$lambda1"),
            "g$lambda1 :: Int -> Int -> Int -> Int\n"
            "g$lambda1 a b x = (a - b) + x\n");
}

TEST(Lift, LocalFunctionsCaptureWhatTheFunctionsTheyCallCapture) {
  // g uses a; f uses nothing itself but calls g, so it takes a too, and
  // passes it on.
  std::string core = coreOf("defn h a = { let { defn f x = { g x } "
                            "defn g y = { y + a } } in { f 1 } }\n"
                            "defn main = { h 2 }");
  EXPECT_EQ(functionOf(core, "h"), "h :: Int -> Int\n"
                                   "h a = h$f a 1\n");
  EXPECT_EQ(functionOf(core, "h$f"), "h$f :: Int -> Int -> Int\n"
                                     "h$f a x = h$g a x\n");
  EXPECT_EQ(functionOf(core, "h$g"), "h$g :: Int -> Int -> Int\n"
                                     "h$g a y = y + a\n");
}

TEST(Lift, LocalValuesStayInALet) {
  std::string core = coreOf("data List = { Nil, Cons Int List }\n"
                            "defn main = { let { defn ones = { Cons 1 ones } "
                            "defn k = { 2 } } in { case ones of { Nil -> { k } "
                            "Cons x _ -> { x + k } } } }");
  EXPECT_EQ(functionOf(core, "main"), "main :: Int\n"
                                      "main =\n"
                                      "  let\n"
                                      "    ones = Cons 1 ones\n"
                                      "    k = 2\n"
                                      "  in case ones of\n"
                                      "       Nil -> k\n"
                                      "       Cons x _ -> x + k\n");
}

TEST(Lift, DeadAlternativesAreDropped) {
  core::Program program =
      liftValid("data T = { A, B }\n"
                "defn f t = { case t of { A -> { 1 } A -> { 2 } x -> { 3 } "
                "B -> { 4 } } }\n"
                "defn main = { f A }");
  auto &c = llvm::cast<core::Case>(*program.functions[0].body);
  ASSERT_EQ(c.alts.size(), 2u);
  EXPECT_EQ(c.alts[0].kind, core::Alt::Kind::Ctor);
  EXPECT_EQ(c.alts[1].kind, core::Alt::Kind::Default);
  ASSERT_NE(c.alts[1].binder, nullptr);
  EXPECT_EQ(c.alts[1].binder->name, "x");
}

TEST(Lift, ShadowedNamesAreDistinctVariables) {
  // Two variables called x in one function print apart.
  std::string core = coreOf("defn f x = { case x of { x -> { x + 1 } } }\n"
                            "defn main = { f 1 }");
  EXPECT_EQ(functionOf(core, "f"), "f :: Int -> Int\n"
                                   "f x_0 =\n"
                                   "  case x_0 of\n"
                                   "    x_1 -> x_1 + 1\n");
}

TEST(Lift, ExpressionsKeepTheirTypes) {
  core::Program program = liftValid("defn id x = { x }\n"
                                    "defn main = { id 1 < id 2 }");
  const core::Function &main = program.functions[program.main];
  EXPECT_EQ(TypePrinter().print(main.body->type), "Bool");
  auto &cmp = llvm::cast<core::PrimOp>(*main.body);
  EXPECT_TRUE(core::isIntType(cmp.lhs->type));
  EXPECT_EQ(TypePrinter().print(program.functions[0].type), "a -> a");
  EXPECT_TRUE(core::isIntType(
      core::resultType(llvm::cast<core::App>(*cmp.lhs).fun->type, 1)));
}

TEST(Lift, FreeVariablesAreThoseNotBoundInside) {
  core::Program program =
      liftValid("data List = { Nil, Cons Int List }\n"
                "defn f a b l = { case l of { Nil -> { a } Cons x xs -> { "
                "let { defn y = { x + b } } in { y + a } } } }\n"
                "defn main = { f 1 2 Nil }");
  auto &c = llvm::cast<core::Case>(*program.functions[0].body);
  std::vector<std::string> names;
  for (core::Var *v : core::freeVariables(*c.alts[1].body))
    names.push_back(v->name);
  // x is bound by the alternative, not inside its body.
  EXPECT_EQ(names, (std::vector<std::string>{"x", "b", "a"}));
  names.clear();
  for (core::Var *v : core::freeVariables(c))
    names.push_back(v->name);
  EXPECT_EQ(names, (std::vector<std::string>{"l", "a", "b"}));
}

} // namespace
} // namespace lazyc
