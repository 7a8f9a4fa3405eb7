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
  for (const auto &entry : c.types.globals)
    printed[entry.getKey().str()] =
        entry.getValue().type ? TypePrinter().print(entry.getValue().type)
                              : "<abandoned>";
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
  // Core gave twice the type of its one use, (Int -> Int) -> Int -> Int;
  // Extended generalises it before main uses it.
  auto types = typesOf("defn main = { twice inc 5 }\n"
                       "defn twice f x = { f (f x) }\n"
                       "defn inc n = { n + 1 }\n");
  EXPECT_EQ(types["twice"], "(a -> a) -> a -> a");
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
  EXPECT_EQ(typeErrors(ListDecl +
                       "defn f n = { case n + 1 of { Nil -> { 0 } } }\n"
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

TEST(Infer, DefinitionsMayBeUsedAtSeveralTypes) {
  // Core used each definition at one type; Extended generalises, so the
  // second use no longer clashes with the first.
  EXPECT_EQ(typeErrors(ListDecl + "defn id x = { x }\n"
                                  "defn main = { case id Nil of { "
                                  "y -> { id 1 } } }"),
            Errors{});
  EXPECT_EQ(typeOf(ListDecl + "defn id x = { x }\n"
                              "defn main = { case id Nil of { "
                              "y -> { id 1 } } }",
                   "id"),
            "a -> a");
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
  EXPECT_EQ(TypePrinter().print(makeFun(i, makeFun(l, i))),
            "Int -> List -> Int");
  EXPECT_EQ(TypePrinter().print(makeFun(makeFun(i, l), i)),
            "(Int -> List) -> Int");
  EXPECT_EQ(TypePrinter().print(makeFun(makeFun(makeFun(i, i), i), i)),
            "((Int -> Int) -> Int) -> Int");
}

TEST(InferTypes, PrinterNamesVariablesInOrderOfAppearance) {
  TypeRef a = makeVar(0), b = makeVar(0);
  TypePrinter printer;
  EXPECT_EQ(printer.print(makeFun(b, makeFun(a, b))), "a -> b -> a");
  // One printer names a variable alike in every type it prints.
  EXPECT_EQ(printer.print(makeFun(a, makeVar(0))), "b -> c");
  std::vector<TypeRef> vars;
  TypePrinter many;
  for (int n = 0; n < 28; ++n)
    vars.push_back(makeVar(0));
  for (int n = 0; n < 26; ++n)
    many.print(vars[n]);
  EXPECT_EQ(many.print(vars[25]), "z");
  EXPECT_EQ(many.print(vars[26]), "a1");
  EXPECT_EQ(many.print(vars[27]), "b1");
}

TEST(InferTypes, UnifyBindsVariables) {
  TypeRef a = makeVar(0), b = makeVar(0);
  TypeRef fun = makeFun(a, makeCon("Int"));
  EXPECT_TRUE(unify(makeFun(makeCon("List"), b), fun));
  EXPECT_EQ(TypePrinter().print(a), "List");
  EXPECT_EQ(TypePrinter().print(b), "Int");
  EXPECT_EQ(resolve(a)->kind, Type::Kind::Con);
  EXPECT_TRUE(unify(makeCon("Int"), b));
  TypeRef c = makeVar(0), d = makeVar(0);
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
  TypeRef a = makeVar(0), b = makeVar(0);
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
  std::vector<const FunctionDef *> defs;
  for (const FunctionDef &f : c.program.functions)
    defs.push_back(&f);
  std::vector<std::vector<std::string>> groups;
  for (const auto &group : dependencyGroups(defs, c.symbols)) {
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
  EXPECT_EQ(groups,
            (std::vector<Group>{{"e"}, {"a", "b", "c", "d"}, {"main"}}));
}

TEST(Infer, DependencyGroupsOfLocalDefinitions) {
  // The same analysis orders the definitions of a let; names from outside
  // the set (f, the global) are not edges.
  Compilation c("defn f = { 1 }\n"
                "defn main = { let { defn a x = { b x + f } defn b y = { a y } "
                "defn c = { a 1 } defn d = { 2 } } in { c } }\n");
  c.runTo(Phase::Names);
  c.expectNoErrors("checkNames");
  auto &let = llvm::cast<LetExpr>(*c.program.functions.at(1).body);
  std::vector<const FunctionDef *> defs;
  for (const FunctionDef &d : let.defs)
    defs.push_back(&d);
  std::vector<std::vector<std::string>> groups;
  for (const auto &group : dependencyGroups(defs, c.symbols)) {
    groups.emplace_back();
    for (const FunctionDef *d : group)
      groups.back().push_back(d->name.text);
  }
  using Group = std::vector<std::string>;
  EXPECT_EQ(groups, (std::vector<Group>{{"a", "b"}, {"c"}, {"d"}}));
}

// ---- Extended: polymorphism -------------------------------------------------

const std::string PolyDecls = "data List a = { Nil, Cons a (List a) }\n"
                              "data Pair a b = { MkPair a b }\n";

TEST(Infer, IdentityHasASchemeWithOneQuantifiedVariable) {
  Compilation c("defn id x = { x }\ndefn k x y = { x }\n"
                "defn main = { id 1 }");
  c.runTo(Phase::Types);
  EXPECT_EQ(c.errors(), Errors{});
  const Scheme &id = c.types.globals["id"];
  ASSERT_TRUE(id.type);
  EXPECT_EQ(TypePrinter().print(id.type), "a -> a");
  ASSERT_EQ(id.quantified.size(), 1u);
  TypeRef fun = resolve(id.type);
  ASSERT_EQ(fun->kind, Type::Kind::Fun);
  // The quantified variable is the one in the type, and main's use (at
  // Int) bound a copy of it, not it.
  EXPECT_EQ(resolve(fun->from).get(), id.quantified[0]);
  EXPECT_EQ(resolve(fun->to).get(), id.quantified[0]);
  EXPECT_EQ(resolve(fun->from)->kind, Type::Kind::Var);
  EXPECT_EQ(c.types.globals["k"].quantified.size(), 2u);
  EXPECT_EQ(TypePrinter().print(c.types.globals["k"].type), "a -> b -> a");
  EXPECT_TRUE(c.types.globals["main"].quantified.empty());
  EXPECT_EQ(TypePrinter().print(c.types.globals["main"].type), "Int");
  // An instance has fresh variables.
  TypeRef instance = instantiate(id, 0);
  ASSERT_TRUE(unify(instance, makeFun(makeCon("Bool"), makeVar(0))));
  EXPECT_EQ(TypePrinter().print(instance), "Bool -> Bool");
  EXPECT_EQ(TypePrinter().print(id.type), "a -> a");
}

TEST(Infer, InstantiationAtTwoTypesInOneProgram) {
  auto types = typesOf(PolyDecls + "defn id x = { x }\n"
                                   "defn pair = { MkPair (id 1) (id Nil) }\n"
                                   "defn main = { MkPair (id True) pair }\n");
  EXPECT_EQ(types["id"], "a -> a");
  EXPECT_EQ(types["pair"], "Pair Int (List a)");
  EXPECT_EQ(types["main"], "Pair Bool (Pair Int (List a))");
  // id applied to an Int and to a List.
  EXPECT_EQ(typeErrors(PolyDecls + "defn id x = { x }\n"
                                   "defn main = { case id (Cons 1 Nil) of { "
                                   "Cons y ys -> { id y + id 2 } } }"),
            Errors{});
}

TEST(Infer, PolymorphicFunctionsOnPolymorphicData) {
  auto types = typesOf(PolyDecls + R"(
defn map f l = { case l of { Nil -> { Nil } Cons x xs -> { Cons (f x) (map f xs) } } }
defn length l = { case l of { Nil -> { 0 } Cons _ xs -> { 1 + length xs } } }
defn fst p = { case p of { MkPair a _ -> { a } } }
defn swap p = { case p of { MkPair a b -> { MkPair b a } } }
defn compose f g x = { f (g x) }
defn main = { length (map fst (Cons (MkPair 1 True) Nil)) }
)");
  EXPECT_EQ(types["map"], "(a -> b) -> List a -> List b");
  EXPECT_EQ(types["length"], "List a -> Int");
  EXPECT_EQ(types["fst"], "Pair a b -> a");
  EXPECT_EQ(types["swap"], "Pair a b -> Pair b a");
  EXPECT_EQ(types["compose"], "(a -> b) -> (c -> a) -> c -> b");
  EXPECT_EQ(types["main"], "Int");
}

TEST(Infer, PolymorphicDataTypes) {
  auto types = typesOf(PolyDecls + R"(
data Rose a = { Rose a (List (Rose a)) }
data Proxy a = { Proxy }
data Box a = { Box a }
defn p = { MkPair 1 True }
defn mk = { MkPair }
defn cons = { Cons }
defn nil = { Nil }
defn leaf x = { Rose x Nil }
defn kids r = { case r of { Rose _ ks -> { ks } } }
defn proxy = { Proxy }
defn inc = { Box (\x -> { x + 1 }) }
defn main = { 1 }
)");
  EXPECT_EQ(types["p"], "Pair Int Bool");
  EXPECT_EQ(types["mk"], "a -> b -> Pair a b");
  EXPECT_EQ(types["cons"], "a -> List a -> List a");
  EXPECT_EQ(types["nil"], "List a");
  EXPECT_EQ(types["leaf"], "a -> Rose a");
  EXPECT_EQ(types["kids"], "Rose a -> List (Rose a)");
  EXPECT_EQ(types["proxy"], "Proxy a");
  EXPECT_EQ(types["inc"], "Box (Int -> Int)");
}

TEST(Infer, AppliedTypesInMessages) {
  EXPECT_EQ(typeErrors(PolyDecls + "defn main = { Cons 1 (Cons True Nil) }"),
            (Errors{"3:23: error: type mismatch: expected List Int, found "
                    "List Bool"}));
  EXPECT_EQ(typeErrors(PolyDecls + "defn main = { MkPair Nil 1 + 1 }"),
            (Errors{"3:15: error: type mismatch: expected Int, found "
                    "Pair (List a) Int"}));
}

TEST(Infer, OccursCheck) {
  EXPECT_EQ(typeErrors("defn f x = { f }\ndefn main = { 1 }"),
            (Errors{"1:14: error: cannot construct the infinite type a = b "
                    "-> a"}));
  // Through a data type: x would be a list of itself.
  EXPECT_EQ(typeErrors(PolyDecls + "defn g x = { Cons x x }\n"
                                   "defn main = { 1 }"),
            (Errors{"3:21: error: cannot construct the infinite type a = "
                    "List a"}));
}

TEST(Infer, LocalDefinitionIsUsedPolymorphically) {
  auto types = typesOf(PolyDecls + R"(
defn main = {
  let { defn twice f x = { f (f x) } } in {
    MkPair (twice (\n -> { n + 1 }) 0) (twice (\l -> { Cons True l }) Nil)
  }
}
defn nils = { let { defn nil = { Nil } } in { MkPair (Cons 1 nil) (Cons True nil) } }
defn ids = { let { defn i = { \y -> { y } } } in { MkPair (i 1) (i True) } }
)");
  EXPECT_EQ(types["main"], "Pair Int (List Bool)");
  EXPECT_EQ(types["nils"], "Pair (List Int) (List Bool)");
  EXPECT_EQ(types["ids"], "Pair Int Bool");
}

TEST(Infer, LocalDefinitionsAreGeneralisedByDependencyGroup) {
  // b uses a at two types: a is generalised before b is inferred.
  EXPECT_EQ(typeOf(PolyDecls + R"(
defn main = {
  let {
    defn b = { MkPair (a 1) (a True) }
    defn a x = { Cons x Nil }
  } in { b }
}
)",
                   "main"),
            "Pair (List Int) (List Bool)");
}

TEST(Infer, LocalDefinitionIsNotGeneralisedOverEnclosingVariables) {
  // y is x, whose type belongs to f: using y at Int fixes it for the case.
  EXPECT_EQ(typeErrors(PolyDecls + "defn f x = { let { defn y = { x } } in { "
                                   "MkPair (y + 1) (case y of { Nil -> { 0 } "
                                   "}) } }\ndefn main = { 1 }"),
            (Errors{"3:70: error: type mismatch: expected Int, found List a"}));
  EXPECT_EQ(typeOf(PolyDecls + "defn f x = { let { defn y = { x } } in "
                               "{ MkPair y y } }\ndefn main = { 1 }",
                   "f"),
            "a -> Pair a a");
}

TEST(Infer, LambdaBoundVariableIsMonomorphic) {
  // The first use fixes x as Bool; the second use clashes.
  EXPECT_EQ(typeErrors("defn f = { \\x -> { if x then { x + 1 } "
                       "else { 0 } } }\ndefn main = { 1 }"),
            (Errors{"1:32: error: type mismatch: expected Int, found Bool"}));
  EXPECT_EQ(typeErrors(PolyDecls + "defn f = { \\g -> { MkPair (g 1) "
                                   "(g True) } }\ndefn main = { 1 }"),
            (Errors{"3:36: error: type mismatch: expected Int, found Bool"}));
  // So is a parameter and a case-bound variable.
  EXPECT_EQ(typeErrors(PolyDecls + "defn f g = { MkPair (g 1) (g True) }\n"
                                   "defn main = { 1 }"),
            (Errors{"3:30: error: type mismatch: expected Int, found Bool"}));
  EXPECT_EQ(typeErrors(PolyDecls + "defn f = { case \\y -> { y } of { "
                                   "g -> { MkPair (g 1) (g True) } } }\n"
                                   "defn main = { 1 }"),
            (Errors{"3:57: error: type mismatch: expected Int, found Bool"}));
}

TEST(Infer, RecursionWithinAGroupIsMonomorphic) {
  EXPECT_EQ(typeErrors(PolyDecls + "defn f x = { MkPair (f 1) (f True) }\n"
                                   "defn main = { 1 }"),
            (Errors{"3:30: error: type mismatch: expected Int, found Bool"}));
  // After the group, it is generalised together.
  auto types = typesOf(PolyDecls + R"(
defn evens l = { case l of { Nil -> { Nil } Cons x xs -> { Cons x (odds xs) } } }
defn odds l = { case l of { Nil -> { Nil } Cons x xs -> { evens xs } } }
defn main = { MkPair (evens (Cons 1 Nil)) (odds (Cons True Nil)) }
)");
  EXPECT_EQ(types["evens"], "List a -> List a");
  EXPECT_EQ(types["odds"], "List a -> List a");
  EXPECT_EQ(types["main"], "Pair (List Int) (List Bool)");
}

TEST(Infer, LambdaTypes) {
  auto types = typesOf("defn k = { \\x y -> { x } }\n"
                       "defn add = { \\x -> { \\y -> { x + y } } }\n"
                       "defn app f = { \\x -> { f x } }\n"
                       "defn main = { add 1 2 }");
  EXPECT_EQ(types["k"], "a -> b -> a");
  EXPECT_EQ(types["add"], "Int -> Int -> Int");
  EXPECT_EQ(types["app"], "(a -> b) -> a -> b");
  EXPECT_EQ(types["main"], "Int");
}

TEST(Infer, ComparisonsGiveBool) {
  auto types = typesOf("defn eq x y = { x == y }\ndefn ne x y = { x /= y }\n"
                       "defn lt x y = { x < y }\ndefn le x y = { x <= y }\n"
                       "defn gt x y = { x > y }\ndefn ge x y = { x >= y }\n"
                       "defn rem x y = { x % y }\ndefn t = { True }\n"
                       "defn main = { 1 }");
  for (const char *f : {"eq", "ne", "lt", "le", "gt", "ge"})
    EXPECT_EQ(types[f], "Int -> Int -> Bool") << f;
  EXPECT_EQ(types["rem"], "Int -> Int -> Int");
  EXPECT_EQ(types["t"], "Bool");
  // Comparisons are on Int only, and their result is no Int.
  EXPECT_EQ(typeErrors("defn main = { True == False }"),
            (Errors{"1:15: error: type mismatch: expected Int, found Bool"}));
  EXPECT_EQ(typeErrors("defn main = { 1 < False }"),
            (Errors{"1:19: error: type mismatch: expected Int, found Bool"}));
  EXPECT_EQ(typeErrors("defn main = { (1 < 2) + 1 }"),
            (Errors{"1:16: error: type mismatch: expected Int, found Bool"}));
  EXPECT_EQ(typeErrors("defn main = { 7 % (1 == 1) }"),
            (Errors{"1:20: error: type mismatch: expected Int, found Bool"}));
}

TEST(Infer, IfConditionMustBeBool) {
  EXPECT_EQ(typeOf("defn f x = { if x then { 1 } else { 2 } }\n"
                   "defn main = { 1 }",
                   "f"),
            "Bool -> Int");
  EXPECT_EQ(typeOf(PolyDecls + "defn f n = { if n < 0 then { Nil } else "
                               "{ Cons n Nil } }\ndefn main = { 1 }",
                   "f"),
            "Int -> List Int");
  EXPECT_EQ(typeErrors("defn main = { if 1 then { 2 } else { 3 } }"),
            (Errors{"1:18: error: type mismatch: expected Bool, found Int"}));
  // Both branches have one type: the else branch clashes with the then.
  EXPECT_EQ(
      typeErrors(PolyDecls + "defn main = { if True then { 1 } else { Nil } }"),
      (Errors{"3:41: error: type mismatch: expected Int, found List a"}));
}

TEST(Infer, BoolPatterns) {
  EXPECT_EQ(typeOf("defn not b = { case b of { True -> { False } "
                   "False -> { True } } }\ndefn main = { 1 }",
                   "not"),
            "Bool -> Bool");
}

TEST(Infer, IntegerAndWildcardPatterns) {
  auto types = typesOf(PolyDecls + R"(
defn isZero n = { case n of { 0 -> { True } _ -> { False } } }
defn tail l = { case l of { Cons _ xs -> { xs } Nil -> { Nil } } }
defn any x = { case x of { _ -> { 1 } } }
defn main = { 1 }
)");
  EXPECT_EQ(types["isZero"], "Int -> Bool");
  EXPECT_EQ(types["tail"], "List a -> List a");
  EXPECT_EQ(types["any"], "a -> Int");
  // A number pattern is reported where it clashes with the scrutinee.
  EXPECT_EQ(typeErrors(PolyDecls + "defn f l = { case l of { Nil -> { 0 } "
                                   "1 -> { 1 } } }\ndefn main = { 1 }"),
            (Errors{"3:39: error: type mismatch: expected List a, found Int"}));
}

TEST(Infer, AGroupWithAnErrorIsAbandonedAsAWhole) {
  // f and g are one group: after the error in f, neither has a type and
  // neither is checked at its uses.
  Compilation c(PolyDecls + "defn f x = { g x + Nil }\n"
                            "defn g x = { f x }\n"
                            "defn main = { f True + g Nil }\n"
                            "defn h = { True + 1 }\n");
  c.runTo(Phase::Types);
  EXPECT_EQ(c.errors(),
            (Errors{"3:20: error: type mismatch: expected Int, found List a",
                    "6:12: error: type mismatch: expected Int, found Bool"}));
  EXPECT_FALSE(c.types.globals["f"].type);
  EXPECT_FALSE(c.types.globals["g"].type);
  ASSERT_TRUE(c.types.globals["main"].type);
  EXPECT_EQ(TypePrinter().print(c.types.globals["main"].type), "Int");
}

TEST(Infer, ErrorInALetAbandonsTheEnclosingDefinition) {
  EXPECT_EQ(typeErrors("defn main = { let { defn a = { 1 + True } "
                       "defn b = { True + 1 } } in { a + b + False } }"),
            (Errors{"1:36: error: type mismatch: expected Int, found Bool"}));
}

// ---- Extended: types, schemes and printing (types.h) ------------------------

TEST(InferTypes, PrintingAppliedTypes) {
  TypeRef i = makeCon("Int");
  TypeRef a = makeVar(1), b = makeVar(1);
  auto list = [](TypeRef t) { return makeCon("List", {t}); };
  EXPECT_EQ(TypePrinter().print(list(i)), "List Int");
  EXPECT_EQ(TypePrinter().print(list(list(a))), "List (List a)");
  EXPECT_EQ(
      TypePrinter().print(makeFun(makeFun(a, b), makeFun(list(a), list(b)))),
      "(a -> b) -> List a -> List b");
  EXPECT_EQ(TypePrinter().print(
                makeCon("Pair", {list(i), makeFun(a, makeCon("Bool"))})),
            "Pair (List Int) (a -> Bool)");
  EXPECT_EQ(TypePrinter().print(
                makeFun(list(i), makeCon("Pair", {i, makeCon("Bool")}))),
            "List Int -> Pair Int Bool");
  EXPECT_EQ(TypePrinter().print(list(makeFun(i, list(i)))),
            "List (Int -> List Int)");
}

TEST(InferTypes, GeneralizeQuantifiesTheVariablesDeeperThanTheLevel) {
  TypeRef outer = makeVar(0), inner = makeVar(1), deeper = makeVar(2);
  TypeRef t = makeFun(outer, makeFun(inner, makeCon("Pair", {deeper, inner})));
  using Vars = std::vector<const Type *>;
  EXPECT_EQ(generalize(t, 0).quantified, (Vars{inner.get(), deeper.get()}));
  EXPECT_EQ(generalize(t, 1).quantified, (Vars{deeper.get()}));
  EXPECT_EQ(generalize(t, 2).quantified, Vars{});
  EXPECT_EQ(generalize(t, 0).type, t);
  // Through bound variables.
  TypeRef bound = makeVar(1);
  ASSERT_TRUE(unify(bound, makeCon("List", {inner})));
  EXPECT_EQ(generalize(bound, 0).quantified, (Vars{inner.get()}));
}

TEST(InferTypes, UnifyLowersTheLevelsOfWhatItBinds) {
  // inner becomes part of outer's type: it is as old as outer now.
  TypeRef outer = makeVar(0), inner = makeVar(2), other = makeVar(2);
  ASSERT_TRUE(unify(outer, makeFun(inner, makeCon("List", {other}))));
  EXPECT_EQ(inner->level, 0);
  EXPECT_EQ(other->level, 0);
  EXPECT_TRUE(generalize(outer, 0).quantified.empty());
  // Binding a variable to a variable keeps the older level.
  TypeRef young = makeVar(3), old = makeVar(1);
  ASSERT_TRUE(unify(young, old));
  EXPECT_EQ(resolve(young)->level, 1);
  EXPECT_TRUE(generalize(young, 1).quantified.empty());
}

TEST(InferTypes, InstantiateCopiesTheQuantifiedVariablesOnly) {
  TypeRef outer = makeVar(0), q = makeVar(1);
  Scheme s = generalize(makeFun(q, makeFun(outer, makeCon("List", {q}))), 0);
  ASSERT_EQ(s.quantified.size(), 1u);
  TypeRef t1 = instantiate(s, 0), t2 = instantiate(s, 5);
  TypePrinter printer;
  EXPECT_EQ(printer.print(t1), "a -> b -> List a");
  EXPECT_EQ(printer.print(t2), "c -> b -> List c");
  EXPECT_EQ(resolve(t1)->from->level, 0);
  EXPECT_EQ(resolve(t2)->from->level, 5);
  // Binding an instance's variables leaves the scheme alone; binding the
  // variable it shares with the scheme does not.
  ASSERT_TRUE(
      unify(t1, makeFun(makeCon("Int"), makeFun(makeCon("Bool"), makeVar(0)))));
  EXPECT_EQ(TypePrinter().print(t1), "Int -> Bool -> List Int");
  EXPECT_FALSE(q->binding);
  EXPECT_EQ(TypePrinter().print(s.type), "a -> Bool -> List a");
  // Nothing quantified: the type itself.
  Scheme mono{{}, outer};
  EXPECT_EQ(instantiate(mono, 0), outer);
}

TEST(InferTypes, UnifyAppliedTypes) {
  TypeRef i = makeCon("Int"), b = makeCon("Bool");
  TypeRef a = makeVar(0);
  EXPECT_TRUE(unify(makeCon("List", {a}), makeCon("List", {i})));
  EXPECT_EQ(TypePrinter().print(a), "Int");
  EXPECT_EQ(unify(makeCon("List", {i}), makeCon("List", {b})).kind,
            UnifyResult::Kind::Mismatch);
  EXPECT_EQ(unify(makeCon("List", {i}), makeCon("Box", {i})).kind,
            UnifyResult::Kind::Mismatch);
  EXPECT_EQ(unify(makeCon("T", {i}), makeCon("T", {i, i})).kind,
            UnifyResult::Kind::Mismatch);
  EXPECT_EQ(unify(makeCon("List", {i}), i).kind, UnifyResult::Kind::Mismatch);
  TypeRef c = makeVar(0);
  UnifyResult r = unify(c, makeCon("List", {makeCon("List", {c})}));
  EXPECT_EQ(r.kind, UnifyResult::Kind::Infinite);
  EXPECT_EQ(r.var, c);
}

} // namespace
} // namespace lazyc
