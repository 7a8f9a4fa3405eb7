//===- infer_test.cpp - Tests of type inference ---------------------------===//

#include "compiler_test_support.h"

#include <gtest/gtest.h>

#include <map>

namespace lazyc {
namespace {

using test::Compilation;
using test::Errors;
using Phase = Compilation::Phase;

const std::string ListDecl = "data List = { Nil, Cons Int List }\n";

const std::string Length = R"(
defn length l = {
    case l of {
        Nil -> { 0 }
        Cons x xs -> { 1 + length xs }
    }
}
)";

/// The printed type of every function of a well-typed program.
std::map<std::string, std::string> typesOf(const std::string &text) {
  Compilation c(text);
  c.runTo(Phase::Types);
  c.expectNoErrors("inferTypes");
  std::map<std::string, std::string> printed;
  for (const auto &entry : c.types)
    printed[entry.getKey().str()] = TypePrinter().print(entry.getValue());
  return printed;
}

std::string typeOf(const std::string &text, const std::string &function) {
  auto types = typesOf(text);
  auto it = types.find(function);
  return it == types.end() ? "<no type>" : it->second;
}

Errors typeErrors(const std::string &text) {
  return test::errorsOf(text, Phase::Types);
}

TEST(Infer, RecursiveFunctionOnList) {
  auto types = typesOf(ListDecl + Length +
                       "defn main = { length (Cons 1 (Cons 2 Nil)) }");
  EXPECT_EQ(types["length"], "List -> Int");
  EXPECT_EQ(types["main"], "Int");
  EXPECT_EQ(types.size(), 2u);
}

TEST(Infer, ArithmeticFunctionOfTwoInts) {
  EXPECT_EQ(typeOf("defn add x y = { x + y * 2 }\ndefn main = { 1 }", "add"),
            "Int -> Int -> Int");
}

TEST(Infer, HigherOrderFunctionUsedAtInt) {
  auto types = typesOf("defn main = { twice inc 5 }\n"
                       "defn twice f x = { f (f x) }\n"
                       "defn inc n = { n + 1 }\n");
  EXPECT_EQ(types["twice"], "(Int -> Int) -> Int -> Int");
  EXPECT_EQ(types["inc"], "Int -> Int");
  EXPECT_EQ(types["main"], "Int");
}

TEST(Infer, UnusedFunctionsKeepTheirTypeVariables) {
  auto types = typesOf("defn k x y = { x }\n"
                       "defn twice f x = { f (f x) }\n"
                       "defn apply f = { f 1 }\n"
                       "defn loop x = { loop x }\n"
                       "defn main = { 1 }");
  EXPECT_EQ(types["k"], "a -> b -> a");
  EXPECT_EQ(types["twice"], "(a -> a) -> a -> a");
  EXPECT_EQ(types["apply"], "(Int -> a) -> a");
  EXPECT_EQ(types["loop"], "a -> b");
}

TEST(Infer, MutualRecursion) {
  auto types = typesOf(ListDecl + R"(
defn evens l = { case l of { Nil -> { Nil } Cons x xs -> { Cons x (odds xs) } } }
defn odds l = { case l of { Nil -> { Nil } Cons x xs -> { evens xs } } }
defn ping n = { pong (n - 1) }
defn pong n = { case n of { m -> { ping m } } }
defn main = { 1 }
)");
  EXPECT_EQ(types["evens"], "List -> List");
  EXPECT_EQ(types["odds"], "List -> List");
  EXPECT_EQ(types["ping"], "Int -> a");
  EXPECT_EQ(types["pong"], "Int -> a");
}

TEST(Infer, Constructors) {
  auto types = typesOf(ListDecl + "data Pair = { Pair Int List }\n"
                                  "defn single x = { Cons x Nil }\n"
                                  "defn cons1 = { Cons 1 }\n"
                                  "defn pair = { Pair }\n"
                                  "defn nil = { Nil }\n"
                                  "defn main = { 1 }");
  EXPECT_EQ(types["single"], "Int -> List");
  EXPECT_EQ(types["cons1"], "List -> List");
  EXPECT_EQ(types["pair"], "Int -> List -> Pair");
  EXPECT_EQ(types["nil"], "List");
}

TEST(Infer, VariablePatternHasTheScrutineeType) {
  EXPECT_EQ(typeOf(ListDecl + "defn f l = { case l of { Nil -> { l } "
                              "m -> { Cons 1 m } } }\ndefn main = { 1 }",
                   "f"),
            "List -> List");
  EXPECT_EQ(typeOf("defn g x = { case x of { y -> { y + 1 } } }\n"
                   "defn main = { 1 }",
                   "g"),
            "Int -> Int");
}

TEST(Infer, LocalVariablesShadowFunctions) {
  auto types = typesOf(ListDecl + "defn n = { Nil }\n"
                                  "defn f n = { n + 1 }\n"
                                  "defn g l = { case l of { Cons n m -> { n } "
                                  "Nil -> { 0 } } }\n"
                                  "defn main = { f 1 }");
  EXPECT_EQ(types["n"], "List");
  EXPECT_EQ(types["f"], "Int -> Int");
  EXPECT_EQ(types["g"], "List -> Int");
}

TEST(Infer, OperandMustBeInt) {
  EXPECT_EQ(typeErrors(ListDecl + "defn main = { 1 + Nil }"),
            (Errors{"2:19: error: type mismatch: expected Int, found List"}));
  EXPECT_EQ(typeErrors(ListDecl + "defn main = { Nil * 2 }"),
            (Errors{"2:15: error: type mismatch: expected Int, found List"}));
  EXPECT_EQ(typeErrors("defn id x = { x }\ndefn main = { 1 - id }"),
            (Errors{"2:19: error: type mismatch: expected Int, found a -> a"}));
}

TEST(Infer, WrongArgumentIsReportedAtTheArgument) {
  EXPECT_EQ(typeErrors(ListDecl + "defn f x = { x + 1 }\n"
                                  "defn main = { f Nil }"),
            (Errors{"3:17: error: type mismatch: expected Int, found List"}));
  EXPECT_EQ(typeErrors(ListDecl + "defn g x y = { x + y }\n"
                                  "defn main = { g 1 (Cons 2 Nil) }"),
            (Errors{"3:20: error: type mismatch: expected Int, found List"}));
  EXPECT_EQ(typeErrors("defn inc x = { x + 1 }\n"
                       "defn main = { inc inc }"),
            (Errors{"2:19: error: type mismatch: expected Int, found Int -> "
                    "Int"}));
  EXPECT_EQ(typeErrors(ListDecl + "defn main = { Cons Nil Nil }"),
            (Errors{"2:20: error: type mismatch: expected Int, found List"}));
}

TEST(Infer, TooManyArgumentsAreReportedAtTheFunctionPart) {
  // The expression whose type clashes is the application so far: it has a
  // non-function type where a function of the next argument is expected.
  EXPECT_EQ(typeErrors("defn main = { 1 2 }"),
            (Errors{"1:15: error: type mismatch: expected Int -> a, found "
                    "Int"}));
  EXPECT_EQ(typeErrors(ListDecl + Length + "defn main = { length Nil Nil }"),
            (Errors{"9:15: error: type mismatch: expected List -> a, found "
                    "Int"}));
  EXPECT_EQ(typeErrors(ListDecl + "defn main = { Cons 1 Nil 2 }"),
            (Errors{"2:15: error: type mismatch: expected Int -> a, found "
                    "List"}));
}

TEST(Infer, CaseBranchesOfDifferentTypes) {
  EXPECT_EQ(typeErrors(ListDecl + "defn f l = { case l of {\n"
                                  "  Nil -> { 0 }\n"
                                  "  Cons x xs -> { xs } } }\n"
                                  "defn main = { 1 }"),
            (Errors{"4:18: error: type mismatch: expected Int, found List"}));
}

TEST(Infer, PatternOfAnotherTypeThanTheScrutinee) {
  EXPECT_EQ(typeErrors(ListDecl + "defn f n = { case n + 1 of { Nil -> { 0 } } }\n"
                                  "defn main = { 1 }"),
            (Errors{"2:30: error: type mismatch: expected Int, found List"}));
  EXPECT_EQ(typeErrors(ListDecl + "data T = { A }\n"
                                  "defn f l = { case l of { Nil -> { 0 }\n"
                                  "                         A -> { 1 } } }\n"
                                  "defn main = { 1 }"),
            (Errors{"4:26: error: type mismatch: expected List, found T"}));
}

TEST(Infer, InfiniteType) {
  EXPECT_EQ(typeErrors("defn f x = { f }\ndefn main = { 1 }"),
            (Errors{"1:14: error: cannot construct the infinite type a = b "
                    "-> a"}));
  EXPECT_EQ(typeErrors("defn g x = { x x }\ndefn main = { 1 }"),
            (Errors{"1:16: error: cannot construct the infinite type a = a "
                    "-> b"}));
}

TEST(Infer, OneErrorPerDefinition) {
  EXPECT_EQ(typeErrors(ListDecl + "defn f = { (1 + Nil) * (Nil + 2) }\n"
                                  "defn main = { 1 }"),
            (Errors{"2:17: error: type mismatch: expected Int, found List"}));
}

TEST(Infer, EveryDefinitionIsChecked) {
  EXPECT_EQ(typeErrors(ListDecl + "defn f = { 1 + Nil }\n"
                                  "defn main = { Nil + 1 }\n"
                                  "defn g x = { x 1 + x Nil }"),
            (Errors{"2:16: error: type mismatch: expected Int, found List",
                    "3:15: error: type mismatch: expected Int, found List",
                    "4:22: error: type mismatch: expected Int, found List"}));
}

TEST(Infer, CallersOfABrokenDefinitionAreNotChecked) {
  // f is abandoned after its error: uses of it at any type are accepted, so
  // the one mistake gives one message; other mistakes in callers do not.
  EXPECT_EQ(typeErrors(ListDecl + "defn f x = { x + Nil }\n"
                                  "defn main = { f 1 + f Nil + f }\n"
                                  "defn g = { f f f + Nil }"),
            (Errors{"2:18: error: type mismatch: expected Int, found List",
                    "4:20: error: type mismatch: expected Int, found List"}));
}

TEST(Infer, DefinitionsAreUsedAtOneType) {
  // Core has no generalisation: the second use clashes with the first.
  EXPECT_EQ(typeErrors(ListDecl + "defn id x = { x }\n"
                                  "defn main = { case id Nil of { "
                                  "y -> { id 1 } } }"),
            (Errors{"3:42: error: type mismatch: expected List, found Int"}));
}

TEST(Infer, ErrorIsRendered) {
  Compilation c(ListDecl + "defn main = {\n\t1 + Nil }\n");
  c.runTo(Phase::Types);
  EXPECT_EQ(c.rendered(),
            "test.txt:3:6: error: type mismatch: expected Int, found List\n"
            "        1 + Nil }\n"
            "            ^\n");
}

// ---- Types, unification and printing (types.h) ----------------------------

TEST(InferTypes, PrintingFunctionTypes) {
  TypeRef i = makeCon("Int"), l = makeCon("List");
  EXPECT_EQ(TypePrinter().print(i), "Int");
  EXPECT_EQ(TypePrinter().print(makeFun(i, makeFun(l, i))), "Int -> List -> Int");
  EXPECT_EQ(TypePrinter().print(makeFun(makeFun(i, l), i)), "(Int -> List) -> Int");
  EXPECT_EQ(TypePrinter().print(makeFun(makeFun(makeFun(i, i), i), i)),
            "((Int -> Int) -> Int) -> Int");
}

TEST(InferTypes, PrinterNamesVariablesInOrderOfAppearance) {
  TypeRef a = makeVar(), b = makeVar();
  TypePrinter printer;
  EXPECT_EQ(printer.print(makeFun(b, makeFun(a, b))), "a -> b -> a");
  // One printer names a variable alike in every type it prints.
  EXPECT_EQ(printer.print(makeFun(a, makeVar())), "b -> c");
  std::vector<TypeRef> vars;
  TypePrinter many;
  for (int n = 0; n < 28; ++n)
    vars.push_back(makeVar());
  for (int n = 0; n < 26; ++n)
    many.print(vars[n]);
  EXPECT_EQ(many.print(vars[25]), "z");
  EXPECT_EQ(many.print(vars[26]), "a1");
  EXPECT_EQ(many.print(vars[27]), "b1");
}

TEST(InferTypes, UnifyBindsVariables) {
  TypeRef a = makeVar(), b = makeVar();
  TypeRef fun = makeFun(a, makeCon("Int"));
  EXPECT_TRUE(unify(makeFun(makeCon("List"), b), fun));
  EXPECT_EQ(TypePrinter().print(a), "List");
  EXPECT_EQ(TypePrinter().print(b), "Int");
  EXPECT_EQ(resolve(a)->kind, Type::Kind::Con);
  EXPECT_TRUE(unify(makeCon("Int"), b));
  TypeRef c = makeVar(), d = makeVar();
  EXPECT_TRUE(unify(c, d));
  EXPECT_TRUE(unify(d, c));
  EXPECT_EQ(resolve(c), resolve(d));
}

TEST(InferTypes, UnifyReportsMismatches) {
  TypeRef i = makeCon("Int"), l = makeCon("List");
  EXPECT_EQ(unify(i, l).kind, UnifyResult::Kind::Mismatch);
  EXPECT_EQ(unify(makeFun(i, i), i).kind, UnifyResult::Kind::Mismatch);
  EXPECT_EQ(unify(l, makeFun(i, i)).kind, UnifyResult::Kind::Mismatch);
  EXPECT_EQ(unify(makeFun(i, l), makeFun(i, i)).kind,
            UnifyResult::Kind::Mismatch);
}

TEST(InferTypes, UnifyPerformsTheOccursCheck) {
  TypeRef a = makeVar(), b = makeVar();
  TypeRef fun = makeFun(makeCon("Int"), a);
  UnifyResult r = unify(a, fun);
  EXPECT_EQ(r.kind, UnifyResult::Kind::Infinite);
  EXPECT_EQ(r.var, a);
  EXPECT_EQ(r.type, fun);
  EXPECT_FALSE(a->binding); // nothing was bound
  // Through a bound variable too.
  ASSERT_TRUE(unify(b, makeFun(a, a)));
  EXPECT_EQ(unify(makeFun(a, makeCon("Int")), makeFun(b, makeCon("Int"))).kind,
            UnifyResult::Kind::Infinite);
}

// ---- Dependency groups ------------------------------------------------------

/// The groups of dependencyGroups, by function name.
std::vector<std::vector<std::string>> groupsOf(const std::string &text) {
  Compilation c(text);
  c.runTo(Phase::Names);
  c.expectNoErrors("checkNames");
  std::vector<std::vector<std::string>> groups;
  for (const auto &group : dependencyGroups(c.program, c.symbols)) {
    groups.emplace_back();
    for (const FunctionDef *f : group)
      groups.back().push_back(f->name.text);
  }
  return groups;
}

size_t groupIndex(const std::vector<std::vector<std::string>> &groups,
                  const std::string &name) {
  for (size_t i = 0; i < groups.size(); ++i)
    for (const std::string &member : groups[i])
      if (member == name)
        return i;
  ADD_FAILURE() << name << " is in no group";
  return groups.size();
}

TEST(Infer, DependencyGroups) {
  auto groups = groupsOf("defn main = { f 1 + h }\n"
                         "defn g x = { f (x - 1) + k x }\n"
                         "defn f x = { g x }\n"
                         "defn h = { 1 }\n"
                         "defn k x = { k x }\n"
                         "defn unused = { main }\n");
  using Group = std::vector<std::string>;
  // Every function in exactly one group; mutually recursive ones together,
  // in source order.
  size_t members = 0;
  for (const Group &g : groups)
    members += g.size();
  EXPECT_EQ(members, 6u);
  EXPECT_EQ(groups.size(), 5u);
  EXPECT_EQ(groups.at(groupIndex(groups, "f")), (Group{"g", "f"}));
  EXPECT_EQ(groups.at(groupIndex(groups, "main")), (Group{"main"}));
  EXPECT_EQ(groups.at(groupIndex(groups, "k")), (Group{"k"}));
  // Callees before callers.
  EXPECT_LT(groupIndex(groups, "f"), groupIndex(groups, "main"));
  EXPECT_LT(groupIndex(groups, "h"), groupIndex(groups, "main"));
  EXPECT_LT(groupIndex(groups, "k"), groupIndex(groups, "g"));
  EXPECT_LT(groupIndex(groups, "main"), groupIndex(groups, "unused"));
}

TEST(Infer, DependencyGroupsIgnoreShadowedNames) {
  // f's parameter g is not a call of the function g.
  auto groups = groupsOf("defn f g = { g }\n"
                         "defn g x = { f x }\n"
                         "defn main = { 1 }\n");
  EXPECT_LT(groupIndex(groups, "f"), groupIndex(groups, "g"));
  EXPECT_NE(groupIndex(groups, "f"), groupIndex(groups, "g"));
}

TEST(Infer, DependencyGroupsOfALongCycle) {
  auto groups = groupsOf("defn a = { b }\ndefn b = { c }\ndefn c = { d }\n"
                         "defn d = { a + e }\ndefn e = { 1 }\n"
                         "defn main = { c }\n");
  using Group = std::vector<std::string>;
  EXPECT_EQ(groups, (std::vector<Group>{{"e"}, {"a", "b", "c", "d"}, {"main"}}));
}

} // namespace
} // namespace lazyc
