//===- passes_test.cpp - Tests of the Core to Core passes -----------------===//
//
// Each pass is run alone on small programs: what it rewrites is read back
// from the printed Core, the invariants are checked, and the program must
// compute the same before and after (run by the G-code interpreter).
//
//===----------------------------------------------------------------------===//

#include "compiler_test_support.h"
#include "gcode_interpreter.h"
#include "passes/passes.h"

#include <gtest/gtest.h>

#include <set>

namespace lazyc {
namespace {

using test::functionOf;

/// What the program prints (or its error), run by the interpreter.
std::string outputOf(const core::Program &program) {
  test::RunResult r = test::runProgram(compileProgram(program));
  return r.output + r.error;
}

/// The printed Core of a program after the pass, which must keep the
/// invariants and what the program prints.
std::string rewritten(const std::string &text, void (*pass)(core::Program &)) {
  core::Program program = test::liftValid(text);
  std::string before = outputOf(program);
  pass(program);
  EXPECT_EQ(core::checkProgram(program), "");
  EXPECT_EQ(outputOf(program), before) << "the pass changed the meaning";
  return test::printedCore(program);
}

TEST(Passes, EveryPassHasItsOwnName) {
  std::set<std::string> names;
  for (const passes::Pass &pass : passes::all())
    EXPECT_TRUE(names.insert(pass.name).second) << pass.name;
  EXPECT_EQ(names, (std::set<std::string>{"arity", "known-case"}));
}

// ---- arity ------------------------------------------------------------------

TEST(PassArity, AFunctionReturningALambdaTakesItsArgument) {
  std::string core = rewritten("defn compose f g = { \\x -> { f (g x) } }\n"
                               "defn main = { compose (\\x -> { x * 2 }) "
                               "(\\y -> { y + 1 }) 5 }",
                               passes::raiseArity);
  EXPECT_EQ(functionOf(core, "compose"),
            "compose :: (a -> b) -> (c -> a) -> c -> b\n"
            "compose f g arg3 = compose$lambda1 f g arg3\n");
}

TEST(PassArity, RaisingOneArityMayRaiseAnother) {
  std::string core = rewritten("defn add x y = { x + y }\n"
                               "defn inc = { add 1 }\n"
                               "defn twice f = { \\x -> { f (f x) } }\n"
                               "defn incTwice = { twice inc }\n"
                               "defn main = { incTwice 5 }",
                               passes::raiseArity);
  EXPECT_EQ(functionOf(core, "inc"), "inc :: Int -> Int\n"
                                     "inc arg1 = add 1 arg1\n");
  EXPECT_EQ(functionOf(core, "twice"), "twice :: (a -> a) -> a -> a\n"
                                       "twice f arg2 = twice$lambda1 f arg2\n");
  EXPECT_EQ(functionOf(core, "incTwice"), "incTwice :: Int -> Int\n"
                                          "incTwice arg1 = twice inc arg1\n");
}

TEST(PassArity, WorkIsNeverRepeated) {
  // The argument of add is not an atom: making pairUp a function would
  // compute nfib 20 at every call instead of once.
  std::string text = "defn add x y = { x + y }\n"
                     "defn nfib n = { if n < 2 then { 1 } else { nfib (n - 1) "
                     "+ nfib (n - 2) } }\n"
                     "defn shared = { add (nfib 20) }\n"
                     "defn main = { shared 1 + shared 2 }";
  std::string core = rewritten(text, passes::raiseArity);
  EXPECT_EQ(functionOf(core, "shared"), "shared :: Int -> Int\n"
                                        "shared = add (nfib 20)\n");
}

TEST(PassArity, MainStaysAValue) {
  std::string core = rewritten(
      "defn add x y = { x + y }\ndefn main = { add 1 }", passes::raiseArity);
  EXPECT_EQ(functionOf(core, "main"), "main :: Int -> Int\n"
                                      "main = add 1\n");
}

// ---- known-case -------------------------------------------------------------

TEST(PassKnownCase, AKnownConstructorBindsItsFields) {
  std::string core = rewritten(
      "data List a = { Nil, Cons a (List a) }\n"
      "defn f a b = { case Cons a b of { Nil -> { 0 } Cons x xs -> { x } } }\n"
      "defn main = { f 1 Nil }",
      passes::caseOfKnownConstructor);
  EXPECT_EQ(functionOf(core, "f"), "f :: Int -> List Int -> Int\n"
                                   "f a b =\n"
                                   "  let\n"
                                   "    x = a\n"
                                   "    xs = b\n"
                                   "  in x\n");
}

TEST(PassKnownCase, AKnownNumberTakesItsAlternativeOrTheDefault) {
  std::string core =
      rewritten("defn f = { case 3 of { 2 -> { 20 } 3 -> { 30 } "
                "n -> { n } } }\n"
                "defn g = { case 7 of { 2 -> { 20 } n -> { n } } "
                "}\ndefn main = { f + g }",
                passes::caseOfKnownConstructor);
  EXPECT_EQ(functionOf(core, "f"), "f :: Int\nf = 30\n");
  EXPECT_EQ(functionOf(core, "g"), "g :: Int\n"
                                   "g =\n"
                                   "  let\n"
                                   "    n = 7\n"
                                   "  in n\n");
}

TEST(PassKnownCase, FieldsStayLazy) {
  std::string core =
      rewritten("data P = { P Int Int }\n"
                "defn main = { case P 1 (1 / 0) of { P a _ -> { a } } }",
                passes::caseOfKnownConstructor);
  EXPECT_EQ(functionOf(core, "main"), "main :: Int\n"
                                      "main =\n"
                                      "  let\n"
                                      "    a = 1\n"
                                      "  in a\n");
}

TEST(PassKnownCase, NoMatchingAlternativeStaysARuntimeError) {
  std::string core = rewritten("data T = { A, B }\n"
                               "defn main = { case B of { A -> { 1 } } }",
                               passes::caseOfKnownConstructor);
  EXPECT_EQ(functionOf(core, "main"), "main :: Int\n"
                                      "main =\n"
                                      "  case B of\n"
                                      "    A -> 1\n");
}

} // namespace
} // namespace lazyc
