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
  EXPECT_EQ(nameErrors(std::string(ListDecl) +
                       "defn main = { case Nil of {\n"
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
            (Errors{"3:6: error: duplicate definition of 'f'"}));
}

TEST(Names, DuplicateConstructorInOneType) {
  EXPECT_EQ(nameErrors("data T = { A, B Int, A }\ndefn main = { 1 }"),
            (Errors{"1:22: error: duplicate constructor 'A'"}));
}

TEST(Names, DuplicateConstructorAcrossTypes) {
  EXPECT_EQ(nameErrors("data T = { A, B }\ndata U = { C, A Int }\n"
                       "defn main = { 1 }"),
            (Errors{"2:15: error: duplicate constructor 'A'"}));
}

TEST(Names, DuplicateDataType) {
  EXPECT_EQ(nameErrors("data T = { A }\ndata T = { B }\ndefn main = { 1 }"),
            (Errors{"2:6: error: duplicate data type 'T'"}));
}

TEST(Names, DuplicateParameter) {
  EXPECT_EQ(nameErrors("defn f x y x = { x }\ndefn main = { 1 }"),
            (Errors{"1:12: error: duplicate parameter 'x'"}));
}

TEST(Names, DuplicatePatternVariable) {
  EXPECT_EQ(nameErrors("data P = { P Int Int Int }\n"
                       "defn main = { case P 1 2 3 of { P a b a -> { a } } }"),
            (Errors{"2:39: error: duplicate variable 'a' in pattern"}));
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
                    "1:16: error: unbound variable 'y'",
                    "2:14: error: unknown type 'Q'",
                    "3:6: error: duplicate definition of 'f'",
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
  // Constructor ids follow declaration order, across data types.
  ASSERT_EQ(s.constructors.size(), 3u);
  const char *const names[] = {"X", "Y", "Z"};
  const uint32_t arities[] = {0, 2, 3};
  const char *const types[] = {"A", "A", "B"};
  for (uint32_t id = 0; id < 3; ++id) {
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
  EXPECT_EQ(s.dataTypes.size(), 2u);
  EXPECT_EQ(s.function("f"), &c.program.functions[0]);
  EXPECT_EQ(s.function("main"), &c.program.functions[1]);
  EXPECT_EQ(s.function("g"), nullptr);
  EXPECT_EQ(s.main, &c.program.functions[1]);
}

TEST(Names, DuplicateConstructorKeepsIdsDense) {
  Compilation c("data T = { A, B }\ndata U = { A Int, C }\ndefn main = { 1 }");
  c.runTo(Phase::Names);
  EXPECT_EQ(c.errors(), (Errors{"2:12: error: duplicate constructor 'A'"}));
  ASSERT_EQ(c.symbols.constructors.size(), 3u);
  EXPECT_EQ(c.symbols.constructor("A")->arity(), 0u); // the first one
  EXPECT_EQ(c.symbols.constructor("C")->id, 2u);
  EXPECT_EQ(c.symbols.constructors[2].name(), "C");
}

TEST(Names, ConstructorMayShareItsTypeName) {
  Compilation c("data Result = { Result Int }\n"
                "defn main = { case Result 1 of { Result n -> { n } } }");
  c.runTo(Phase::Names);
  EXPECT_EQ(c.errors(), Errors{});
  ASSERT_NE(c.symbols.constructor("Result"), nullptr);
  EXPECT_EQ(c.symbols.constructor("Result")->type, &c.program.dataDefs[0]);
}

} // namespace
} // namespace lazyc
