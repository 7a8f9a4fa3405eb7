//===- names_test.cpp - Tests of scope checking and the symbol table ------===//

#include "compiler_test_support.h"

#include <gtest/gtest.h>

namespace lazyc {
namespace {

using test::Compilation;
using test::Errors;
using Phase = Compilation::Phase;

Errors nameErrors(llvm::StringRef text) {
  return test::errorsOf(text, Phase::Names);
}

const char *const ListDecl = "data List = { Nil, Cons Int List }\n";

TEST(Names, ValidProgramHasNoErrors) {
  EXPECT_EQ(nameErrors(std::string(ListDecl) + R"(
defn length l = {
    case l of {
        Nil -> { 0 }
        Cons x xs -> { 1 + length xs }
    }
}
defn main = { length (Cons 1 (Cons 2 Nil)) }
)"),
            Errors{});
}

TEST(Names, AnUnboundNameCloseToOneInScopeGetsASuggestion) {
  EXPECT_EQ(nameErrors(std::string(ListDecl) +
                       "data T = { A Lisst, B Intt }\n"
                       "defn length l = { case l of { Nil -> { 0 } "
                       "Cons x rest -> { 1 + lenght rset } } }\n"
                       "defn main = { length (Cons 1 Nill) }\n"),
            (Errors{"2:14: error: unknown type 'Lisst'; did you mean 'List'?",
                    "2:23: error: unknown type 'Intt'; did you mean 'Int'?",
                    "3:65: error: unbound variable 'lenght'; did you mean "
                    "'length'?",
                    "3:72: error: unbound variable 'rset'; did you mean "
                    "'rest'?",
                    "4:30: error: unbound constructor 'Nill'; did you mean "
                    "'Nil'?"}));
}

TEST(Names, ASuggestionIsCloseAndTiesGoToTheFirstInOrder) {
  // Two edits from a six-letter name is close; three is not. A one-letter
  // name is never a misspelling of another.
  EXPECT_EQ(nameErrors("defn abcdef = { 1 }\ndefn y = { 2 }\n"
                       "defn main = { abcdxx + abcxxx + x }"),
            (Errors{"3:15: error: unbound variable 'abcdxx'; did you mean "
                    "'abcdef'?",
                    "3:24: error: unbound variable 'abcxxx'",
                    "3:33: error: unbound variable 'x'"}));
  EXPECT_EQ(nameErrors("defn cat = { 1 }\ndefn bat = { 2 }\n"
                       "defn main = { hat }"),
            (Errors{"3:15: error: unbound variable 'hat'; did you mean "
                    "'bat'?"}));
}

TEST(Names, OnlyTheFirstFiftyUnboundNamesGetASuggestion) {
  std::string text = "defn value = { 1 }\ndefn main = { 0";
  for (int i = 0; i < 51; i++)
    text += " + valeu";
  text += " }";
  Errors errors = nameErrors(text);
  ASSERT_EQ(errors.size(), 51u);
  EXPECT_EQ(errors[49],
            "2:411: error: unbound variable 'valeu'; did you mean 'value'?");
  EXPECT_EQ(errors[50], "2:419: error: unbound variable 'valeu'");
}

TEST(Names, UnboundVariable) {
  EXPECT_EQ(nameErrors("defn main = { x }"),
            (Errors{"1:15: error: unbound variable 'x'"}));
  EXPECT_EQ(nameErrors("defn f a = { a + b * c }\ndefn main = { f 1 }"),
            (Errors{"1:18: error: unbound variable 'b'",
                    "1:22: error: unbound variable 'c'"}));
}

TEST(Names, ParametersAreLocalToTheirFunction) {
  EXPECT_EQ(nameErrors("defn f x = { x }\ndefn main = { x }"),
            (Errors{"2:15: error: unbound variable 'x'"}));
}

TEST(Names, PatternVariablesAreLocalToTheirBranch) {
  EXPECT_EQ(nameErrors(std::string(ListDecl) + "defn main = { case Nil of {\n"
                                               "  Cons y ys -> { y }\n"
                                               "  Nil -> { y + ys }\n"
                                               "  z -> { z } } + z }"),
            (Errors{"4:12: error: unbound variable 'y'",
                    "4:16: error: unbound variable 'ys'",
                    "5:18: error: unbound variable 'z'"}));
}

TEST(Names, UnboundConstructorInExpression) {
  EXPECT_EQ(nameErrors("defn main = { Foo 1 }"),
            (Errors{"1:15: error: unbound constructor 'Foo'"}));
}

TEST(Names, UnboundConstructorInPattern) {
  EXPECT_EQ(nameErrors(std::string(ListDecl) +
                       "defn main = { case Nil of { Foo x -> { x } } }"),
            (Errors{"2:29: error: unbound constructor 'Foo'"}));
}

TEST(Names, UnknownFieldType) {
  EXPECT_EQ(nameErrors("data T = { A Int Foo, B T }\ndefn main = { 1 }"),
            (Errors{"1:18: error: unknown type 'Foo'"}));
}

TEST(Names, FieldTypesMayNameLaterTypes) {
  EXPECT_EQ(nameErrors("data T = { A U }\ndata U = { B T, C }\n"
                       "defn main = { 1 }"),
            Errors{});
}

TEST(Names, DuplicateDefinitionIsReportedAtTheSecond) {
  EXPECT_EQ(nameErrors("defn f = { 1 }\ndefn main = { f }\ndefn f x = { 2 }"),
            (Errors{"3:6: error: duplicate definition of 'f'",
                    "1:6: note: first defined here"}));
}

TEST(Names, DuplicateConstructorInOneType) {
  EXPECT_EQ(nameErrors("data T = { A, B Int, A }\ndefn main = { 1 }"),
            (Errors{"1:22: error: duplicate constructor 'A'",
                    "1:12: note: first defined here"}));
}

TEST(Names, DuplicateConstructorAcrossTypes) {
  EXPECT_EQ(nameErrors("data T = { A, B }\ndata U = { C, A Int }\n"
                       "defn main = { 1 }"),
            (Errors{"2:15: error: duplicate constructor 'A'",
                    "1:12: note: first defined here"}));
}

TEST(Names, DuplicateDataType) {
  EXPECT_EQ(nameErrors("data T = { A }\ndata T = { B }\ndefn main = { 1 }"),
            (Errors{"2:6: error: duplicate data type 'T'",
                    "1:6: note: first defined here"}));
}

TEST(Names, DuplicateParameter) {
  EXPECT_EQ(nameErrors("defn f x y x = { x }\ndefn main = { 1 }"),
            (Errors{"1:12: error: duplicate parameter 'x'",
                    "1:8: note: first defined here"}));
}

TEST(Names, DuplicatePatternVariable) {
  EXPECT_EQ(nameErrors("data P = { P Int Int Int }\n"
                       "defn main = { case P 1 2 3 of { P a b a -> { a } } }"),
            (Errors{"2:39: error: duplicate variable 'a' in pattern",
                    "2:35: note: first defined here"}));
}

TEST(Names, PatternVariableMayShadowParameter) {
  EXPECT_EQ(nameErrors(std::string(ListDecl) +
                       "defn f x = { case x of { Cons x xs -> { x } x -> { 0 } "
                       "} }\ndefn main = { 1 }"),
            Errors{});
}

TEST(Names, CannotRedefineInt) {
  EXPECT_EQ(nameErrors("data Int = { I }\ndefn main = { 1 }"),
            (Errors{"1:6: error: cannot redefine built-in type 'Int'"}));
}

TEST(Names, PatternArity) {
  EXPECT_EQ(nameErrors(std::string(ListDecl) +
                       "data Box = { Box Int }\n"
                       "defn main = { case Nil of {\n"
                       "  Cons x -> { x }\n"
                       "  Nil y -> { y } } + case Box 1 of {\n"
                       "  Box -> { 0 }\n"
                       "  Box a b -> { a } } }"),
            (Errors{"4:3: error: constructor 'Cons' has 2 fields, but the "
                    "pattern binds 1",
                    "5:3: error: constructor 'Nil' has 0 fields, but the "
                    "pattern binds 1",
                    "6:3: error: constructor 'Box' has 1 field, but the "
                    "pattern binds 0",
                    "7:3: error: constructor 'Box' has 1 field, but the "
                    "pattern binds 2"}));
}

TEST(Names, MissingMain) {
  EXPECT_EQ(nameErrors("\n  defn f = { 1 }"),
            (Errors{"1:1: error: no definition of 'main'"}));
  EXPECT_EQ(nameErrors(""), (Errors{"1:1: error: no definition of 'main'"}));
}

TEST(Names, MainWithParameters) {
  EXPECT_EQ(nameErrors("defn f = { 1 }\ndefn main x = { x }"),
            (Errors{"2:6: error: 'main' must not have parameters"}));
}

TEST(Names, AllErrorsAreReportedInOrderOfPosition) {
  EXPECT_EQ(nameErrors("defn f x x = { y }\n"
                       "data T = { A Q }\n"
                       "defn f = { B }\n"),
            (Errors{"1:1: error: no definition of 'main'",
                    "1:10: error: duplicate parameter 'x'",
                    "1:8: note: first defined here",
                    "1:16: error: unbound variable 'y'",
                    "2:14: error: unknown type 'Q'",
                    "3:6: error: duplicate definition of 'f'",
                    "1:6: note: first defined here",
                    "3:12: error: unbound constructor 'B'"}));
}

TEST(Names, FunctionsMayBeUsedBeforeTheirDefinition) {
  EXPECT_EQ(nameErrors("defn main = { f 1 }\ndefn f x = { g x }\n"
                       "defn g x = { f x }"),
            Errors{});
}

TEST(Names, LocalVariablesShadowFunctions) {
  Compilation c("defn x = { 1 }\ndefn f x = { x }\ndefn main = { f x }");
  c.runTo(Phase::Names);
  EXPECT_EQ(c.errors(), Errors{});
  // The symbol table holds the global x, not the parameter.
  const FunctionDef *x = c.symbols.function("x");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x, &c.program.functions[0]);
}

TEST(Names, SymbolTable) {
  Compilation c("data A = { X, Y Int A }\n"
                "defn f a = { a }\n"
                "data B = { Z B B B }\n"
                "defn main = { f 1 }\n");
  c.runTo(Phase::Names);
  EXPECT_EQ(c.errors(), Errors{});
  const SymbolTable &s = c.symbols;
  // Constructor ids follow declaration order, across data types, after the
  // built-in False and True.
  ASSERT_EQ(s.constructors.size(), 5u);
  const char *const names[] = {"False", "True", "X", "Y", "Z"};
  const uint32_t arities[] = {0, 0, 0, 2, 3};
  const char *const types[] = {"Bool", "Bool", "A", "A", "B"};
  for (uint32_t id = 0; id < 5; ++id) {
    const ConstructorInfo *info = s.constructor(names[id]);
    ASSERT_NE(info, nullptr) << names[id];
    EXPECT_EQ(info, &s.constructors[id]);
    EXPECT_EQ(info->id, id);
    EXPECT_EQ(info->name(), names[id]);
    EXPECT_EQ(info->arity(), arities[id]);
    EXPECT_EQ(info->type->name.text, types[id]);
  }
  EXPECT_EQ(s.constructor("W"), nullptr);
  EXPECT_EQ(s.dataTypes.lookup("A"), &c.program.dataDefs[0]);
  EXPECT_EQ(s.dataTypes.lookup("B"), &c.program.dataDefs[1]);
  EXPECT_EQ(s.dataTypes.lookup("Bool"), &builtinBool());
  EXPECT_EQ(s.dataTypes.size(), 3u);
  EXPECT_EQ(s.function("f"), &c.program.functions[0]);
  EXPECT_EQ(s.function("main"), &c.program.functions[1]);
  EXPECT_EQ(s.function("g"), nullptr);
  EXPECT_EQ(s.main, &c.program.functions[1]);
}

TEST(Names, DuplicateConstructorKeepsIdsDense) {
  Compilation c("data T = { A, B }\ndata U = { A Int, C }\ndefn main = { 1 }");
  c.runTo(Phase::Names);
  EXPECT_EQ(c.errors(), (Errors{"2:12: error: duplicate constructor 'A'",
                                "1:12: note: first defined here"}));
  ASSERT_EQ(c.symbols.constructors.size(), 5u);
  EXPECT_EQ(c.symbols.constructor("A")->arity(), 0u); // the first one
  EXPECT_EQ(c.symbols.constructor("A")->id, 2u);
  EXPECT_EQ(c.symbols.constructor("C")->id, 4u);
  EXPECT_EQ(c.symbols.constructors[4].name(), "C");
}

TEST(Names, ConstructorMayShareItsTypeName) {
  Compilation c("data Result = { Result Int }\n"
                "defn main = { case Result 1 of { Result n -> { n } } }");
  c.runTo(Phase::Names);
  EXPECT_EQ(c.errors(), Errors{});
  ASSERT_NE(c.symbols.constructor("Result"), nullptr);
  EXPECT_EQ(c.symbols.constructor("Result")->type, &c.program.dataDefs[0]);
}

// ---- Extended ---------------------------------------------------------------

TEST(Names, BoolIsBuiltIn) {
  Compilation c("defn main = { True }\ndefn f b = { case b of { False -> { 0 } "
                "True -> { 1 } } }");
  c.runTo(Phase::Names);
  EXPECT_EQ(c.errors(), Errors{});
  const ConstructorInfo *f = c.symbols.constructor("False");
  const ConstructorInfo *t = c.symbols.constructor("True");
  ASSERT_NE(f, nullptr);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(f->id, FalseId);
  EXPECT_EQ(t->id, TrueId);
  EXPECT_EQ(FalseId, 0u);
  EXPECT_EQ(TrueId, 1u);
  EXPECT_EQ(f->arity(), 0u);
  EXPECT_EQ(t->arity(), 0u);
  EXPECT_EQ(f->type, &builtinBool());
  EXPECT_EQ(t->type, &builtinBool());
  EXPECT_EQ(builtinBool().name.text, "Bool");
  EXPECT_TRUE(builtinBool().params.empty());
  EXPECT_EQ(c.symbols.dataTypes.lookup("Bool"), &builtinBool());
  EXPECT_EQ(c.symbols.constructors.size(), 2u);
  // A field may be a Bool.
  EXPECT_EQ(nameErrors("data T = { T Bool Int }\ndefn main = { T True 1 }"),
            Errors{});
}

TEST(Names, PolymorphicDataTypes) {
  Compilation c("data List a = { Nil, Cons a (List a) }\n"
                "data Pair a b = { MkPair a b }\n"
                "data T = { T (Pair (List Int) (List (List Bool))) }\n"
                "defn main = { MkPair Nil (Cons 1 Nil) }");
  c.runTo(Phase::Names);
  EXPECT_EQ(c.errors(), Errors{});
  EXPECT_EQ(c.symbols.constructor("Nil")->id, 2u);
  EXPECT_EQ(c.symbols.constructor("Cons")->id, 3u);
  EXPECT_EQ(c.symbols.constructor("MkPair")->id, 4u);
  EXPECT_EQ(c.symbols.constructor("T")->id, 5u);
  EXPECT_EQ(c.symbols.constructor("MkPair")->type, &c.program.dataDefs[1]);
}

TEST(Names, TypeConstructorArity) {
  EXPECT_EQ(nameErrors("data List a = { Nil, Cons a (List a a) }\n"
                       "defn main = { 1 }"),
            (Errors{"1:30: error: type constructor 'List' expects 1 argument, "
                    "but is given 2"}));
  EXPECT_EQ(nameErrors("data List a = { Nil, Cons a List }\n"
                       "defn main = { 1 }"),
            (Errors{"1:29: error: type constructor 'List' expects 1 argument, "
                    "but is given 0"}));
  EXPECT_EQ(nameErrors("data Pair a b = { P a b }\ndata T = { T (Pair Int) }\n"
                       "defn main = { 1 }"),
            (Errors{"2:15: error: type constructor 'Pair' expects 2 "
                    "arguments, but is given 1"}));
  EXPECT_EQ(nameErrors("data T = { T (Int Int) (Bool Int) }\n"
                       "defn main = { 1 }"),
            (Errors{"1:15: error: type constructor 'Int' expects 0 "
                    "arguments, but is given 1",
                    "1:25: error: type constructor 'Bool' expects 0 "
                    "arguments, but is given 1"}));
  // Inside the arguments too; a parenthesised nullary type is fine.
  EXPECT_EQ(nameErrors("data List a = { Nil, Cons a (List a) }\n"
                       "data T = { T (List (List)) (Int) }\n"
                       "defn main = { 1 }"),
            (Errors{"2:21: error: type constructor 'List' expects 1 "
                    "argument, but is given 0"}));
}

TEST(Names, UnboundTypeVariable) {
  EXPECT_EQ(nameErrors("data T a = { A a b, B (T b) }\ndefn main = { 1 }"),
            (Errors{"1:18: error: unbound type variable 'b'",
                    "1:26: error: unbound type variable 'b'"}));
  EXPECT_EQ(nameErrors("data T = { A a }\ndefn main = { 1 }"),
            (Errors{"1:14: error: unbound type variable 'a'"}));
  // The parameters of one type are not those of another.
  EXPECT_EQ(nameErrors("data T a = { A a }\ndata U = { B a }\n"
                       "defn main = { 1 }"),
            (Errors{"2:14: error: unbound type variable 'a'"}));
}

TEST(Names, UnknownTypeInsideAnApplication) {
  EXPECT_EQ(nameErrors("data T a = { A (T Foo) }\ndefn main = { 1 }"),
            (Errors{"1:19: error: unknown type 'Foo'"}));
}

TEST(Names, CannotRedefineBool) {
  EXPECT_EQ(nameErrors("data Bool = { Yes, No }\ndefn main = { 1 }"),
            (Errors{"1:6: error: cannot redefine built-in type 'Bool'"}));
  // Nor its constructors.
  EXPECT_EQ(nameErrors("data T = { True, B }\ndefn main = { 1 }"),
            (Errors{"1:12: error: duplicate constructor 'True'"}));
  EXPECT_EQ(nameErrors("data T = { A, False Int }\ndefn main = { 1 }"),
            (Errors{"1:15: error: duplicate constructor 'False'"}));
}

TEST(Names, DuplicateTypeParameter) {
  EXPECT_EQ(nameErrors("data T a b a = { A a b }\ndefn main = { 1 }"),
            (Errors{"1:12: error: duplicate type parameter 'a'",
                    "1:8: note: first defined here"}));
}

TEST(Names, LetDefinitionsAreLocal) {
  // Visible in each other, in themselves and in the body; not outside.
  EXPECT_EQ(nameErrors("defn main = { let { defn f x = { g x } "
                       "defn g y = { f y + n } defn n = { n } } in { f 1 } }"),
            Errors{});
  EXPECT_EQ(nameErrors("defn main = { let { defn f = { 1 } } in { f } + f }"),
            (Errors{"1:49: error: unbound variable 'f'"}));
  // A local definition sees the enclosing variables; its parameters are
  // its own.
  EXPECT_EQ(nameErrors("defn f a = { let { defn g b = { a + b } } in "
                       "{ g b } }\ndefn main = { 1 }"),
            (Errors{"1:50: error: unbound variable 'b'"}));
}

TEST(Names, LetMayShadow) {
  EXPECT_EQ(nameErrors("defn g = { 1 }\n"
                       "defn f x = { let { defn x = { 2 } defn g = { x } } "
                       "in { let { defn x = { g } } in { x } } }\n"
                       "defn main = { f 1 + g }"),
            Errors{});
}

TEST(Names, DuplicateDefinitionInOneLet) {
  EXPECT_EQ(nameErrors("defn main = { let { defn f = { 1 } defn g = { 2 }\n"
                       "                  defn f x = { x } } in { f } }"),
            (Errors{"2:24: error: duplicate definition of 'f'",
                    "1:26: note: first defined here"}));
  // Two lets, or a let and the top level, may use one name.
  EXPECT_EQ(nameErrors("defn f = { 1 }\n"
                       "defn main = { let { defn f = { 1 } } in "
                       "{ let { defn f = { 2 } } in { f } } }"),
            Errors{});
}

TEST(Names, LetDefinitionParametersAndBodiesAreChecked) {
  EXPECT_EQ(nameErrors("defn main = { let { defn f x x = { y } } in { Q } }"),
            (Errors{"1:30: error: duplicate parameter 'x'",
                    "1:28: note: first defined here",
                    "1:36: error: unbound variable 'y'",
                    "1:47: error: unbound constructor 'Q'"}));
}

TEST(Names, LambdaParametersAreLocal) {
  EXPECT_EQ(nameErrors("defn main = { (\\x y -> { x + y }) 1 2 }"), Errors{});
  EXPECT_EQ(nameErrors("defn main = { (\\x -> { x }) x }"),
            (Errors{"1:29: error: unbound variable 'x'"}));
  EXPECT_EQ(nameErrors("defn main = { \\x y x -> { z } }"),
            (Errors{"1:20: error: duplicate parameter 'x'",
                    "1:16: note: first defined here",
                    "1:27: error: unbound variable 'z'"}));
  // A lambda sees the enclosing variables.
  EXPECT_EQ(nameErrors("defn f a = { \\b -> { \\c -> { a + b + c } } }\n"
                       "defn main = { 1 }"),
            Errors{});
}

TEST(Names, IfIsChecked) {
  EXPECT_EQ(nameErrors("defn main = { if a then { B } else { c } }"),
            (Errors{"1:18: error: unbound variable 'a'",
                    "1:27: error: unbound constructor 'B'",
                    "1:38: error: unbound variable 'c'"}));
}

TEST(Names, WildcardsBindNothing) {
  // Any number of them; a constructor pattern counts them as fields.
  EXPECT_EQ(nameErrors("data P = { P Int Int Int }\n"
                       "defn main = { case P 1 2 3 of { P _ b _ -> { b } "
                       "_ -> { 0 } } }"),
            Errors{});
  EXPECT_EQ(nameErrors("data P = { P Int Int }\n"
                       "defn main = { case P 1 2 of { P _ -> { 0 } } }"),
            (Errors{"2:31: error: constructor 'P' has 2 fields, but the "
                    "pattern binds 1"}));
  // An integer pattern binds nothing either.
  EXPECT_EQ(nameErrors("defn f n = { case n of { 0 -> { 1 } m -> { m } } }\n"
                       "defn main = { f 0 }"),
            Errors{});
}

TEST(Names, ErrorsOfTheExtendedTierInOrderOfPosition) {
  EXPECT_EQ(nameErrors("data T a a = { A (T a a) b, B (Bool a) }\n"
                       "data Bool = { C }\n"
                       "defn main = { let { defn f = { 1 } defn f = { 2 } } "
                       "in { g } }\n"),
            (Errors{"1:10: error: duplicate type parameter 'a'",
                    "1:8: note: first defined here",
                    "1:26: error: unbound type variable 'b'",
                    "1:32: error: type constructor 'Bool' expects 0 "
                    "arguments, but is given 1",
                    "2:6: error: cannot redefine built-in type 'Bool'",
                    "3:41: error: duplicate definition of 'f'",
                    "3:26: note: first defined here",
                    "3:58: error: unbound variable 'g'"}));
}

} // namespace
} // namespace lazyc
