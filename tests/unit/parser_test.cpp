//===- parser_test.cpp - Tests of the Bison grammar -----------------------===//

#include "compiler_test_support.h"

#include <gtest/gtest.h>

namespace lazyc {
namespace {

using test::Compilation;
using test::Errors;
using Phase = Compilation::Phase;

/// The tree of e as nested terms: Add(1, App(f, x)), Case(l, [...]).
std::string show(const Expr &e) {
  switch (e.kind()) {
  case Expr::Kind::Int:
    return std::to_string(llvm::cast<IntExpr>(e).value);
  case Expr::Kind::Var:
    return llvm::cast<VarExpr>(e).name;
  case Expr::Kind::Ctor:
    return llvm::cast<CtorExpr>(e).name;
  case Expr::Kind::App: {
    auto &app = llvm::cast<AppExpr>(e);
    return "App(" + show(*app.fun) + ", " + show(*app.arg) + ")";
  }
  case Expr::Kind::Binary: {
    auto &bin = llvm::cast<BinaryExpr>(e);
    static const char *const names[] = {"Add", "Sub", "Mul", "Div"};
    return std::string(names[int(bin.op)]) + "(" + show(*bin.lhs) + ", " +
           show(*bin.rhs) + ")";
  }
  case Expr::Kind::Case: {
    auto &c = llvm::cast<CaseExpr>(e);
    std::string out = "Case(" + show(*c.scrutinee) + ", [";
    for (size_t i = 0; i < c.branches.size(); ++i) {
      const Pattern &p = c.branches[i].pattern;
      out += i ? "; " : "";
      out += p.kind == Pattern::Kind::Ctor ? "Ctor " : "Var ";
      out += p.name.text;
      for (const Name &v : p.vars)
        out += " " + v.text;
      out += " -> " + show(*c.branches[i].body);
    }
    return out + "])";
  }
  }
  return "?";
}

/// The parsed body of `defn main = { expr }`.
std::string parseExpr(llvm::StringRef expr) {
  Compilation c(("defn main = { " + expr + " }").str());
  c.runTo(Phase::Parse);
  c.expectNoErrors("parse");
  if (c.program.functions.size() != 1)
    return "<" + std::to_string(c.program.functions.size()) + " functions>";
  return show(*c.program.functions[0].body);
}

Errors syntaxErrors(llvm::StringRef text) {
  return test::errorsOf(text, Phase::Parse);
}

TEST(Parser, ArithmeticPrecedence) {
  EXPECT_EQ(parseExpr("1 + 2 * 3"), "Add(1, Mul(2, 3))");
  EXPECT_EQ(parseExpr("1 * 2 + 3"), "Add(Mul(1, 2), 3)");
  EXPECT_EQ(parseExpr("1 - 2 / 3"), "Sub(1, Div(2, 3))");
  EXPECT_EQ(parseExpr("(1 + 2) * 3"), "Mul(Add(1, 2), 3)");
}

TEST(Parser, OperatorsAreLeftAssociative) {
  EXPECT_EQ(parseExpr("1 - 2 - 3"), "Sub(Sub(1, 2), 3)");
  EXPECT_EQ(parseExpr("1 / 2 / 3"), "Div(Div(1, 2), 3)");
  EXPECT_EQ(parseExpr("1 - 2 + 3"), "Add(Sub(1, 2), 3)");
  EXPECT_EQ(parseExpr("1 * 2 / 3 * 4"), "Mul(Div(Mul(1, 2), 3), 4)");
  EXPECT_EQ(parseExpr("1 - (2 - 3)"), "Sub(1, Sub(2, 3))");
}

TEST(Parser, ApplicationBindsTighterThanOperators) {
  EXPECT_EQ(parseExpr("f x y"), "App(App(f, x), y)");
  EXPECT_EQ(parseExpr("f x * g y"), "Mul(App(f, x), App(g, y))");
  EXPECT_EQ(parseExpr("f (g x) 1 + 2"), "Add(App(App(f, App(g, x)), 1), 2)");
  EXPECT_EQ(parseExpr("Cons 1 Nil"), "App(App(Cons, 1), Nil)");
  EXPECT_EQ(parseExpr("f (x)"), "App(f, x)");
}

TEST(Parser, CaseWithBranchesAndPatterns) {
  EXPECT_EQ(parseExpr("case l of { Nil -> { 0 } Cons x xs -> { 1 + length xs } "
                      "y -> { y } }"),
            "Case(l, [Ctor Nil -> 0; Ctor Cons x xs -> Add(1, App(length, xs)); "
            "Var y -> y])");
}

TEST(Parser, CaseIsAnAtom) {
  EXPECT_EQ(parseExpr("f case x of { y -> { y } } 2"),
            "App(App(f, Case(x, [Var y -> y])), 2)");
  EXPECT_EQ(parseExpr("1 + case x of { A -> { 2 } } * 3"),
            "Add(1, Mul(Case(x, [Ctor A -> 2]), 3))");
  EXPECT_EQ(parseExpr("case case x of { y -> { y } } of { z -> { z } }"),
            "Case(Case(x, [Var y -> y]), [Var z -> z])");
}

TEST(Parser, DefinitionsInOrder) {
  Compilation c(R"(data List = { Nil, Cons Int List }
defn length l = { 0 }
data Pair = { Pair Int Int }
defn f x y z = { x }
defn main = { f 1 2 3 }
)");
  c.runTo(Phase::Parse);
  c.expectNoErrors("parse");
  const Program &p = c.program;
  ASSERT_EQ(p.dataDefs.size(), 2u);
  EXPECT_EQ(p.dataDefs[0].name.text, "List");
  EXPECT_EQ(p.dataDefs[1].name.text, "Pair");
  ASSERT_EQ(p.functions.size(), 3u);
  EXPECT_EQ(p.functions[0].name.text, "length");
  EXPECT_EQ(p.functions[1].name.text, "f");
  EXPECT_EQ(p.functions[2].name.text, "main");
  ASSERT_EQ(p.functions[1].params.size(), 3u);
  EXPECT_EQ(p.functions[1].params[0].text, "x");
  EXPECT_EQ(p.functions[1].params[1].text, "y");
  EXPECT_EQ(p.functions[1].params[2].text, "z");
  EXPECT_TRUE(p.functions[2].params.empty());
  EXPECT_EQ(show(*p.functions[2].body), "App(App(App(f, 1), 2), 3)");
}

TEST(Parser, DataDeclarationConstructorsAndFieldTypes) {
  Compilation c("data T = { A, B Int, C T Int Other }");
  c.runTo(Phase::Parse);
  c.expectNoErrors("parse");
  ASSERT_EQ(c.program.dataDefs.size(), 1u);
  const DataDef &t = c.program.dataDefs[0];
  ASSERT_EQ(t.constructors.size(), 3u);
  std::vector<std::string> ctors;
  for (const ConstructorDecl &ctor : t.constructors) {
    std::string text = ctor.name.text;
    for (const Name &field : ctor.fieldTypes)
      text += " " + field.text;
    ctors.push_back(text);
  }
  EXPECT_EQ(ctors, (std::vector<std::string>{"A", "B Int", "C T Int Other"}));
}

TEST(Parser, LocationsOfNames) {
  Compilation c("data T = { A, B Int T }\n"
                "defn f x  yy = {\n"
                "  x }\n");
  c.runTo(Phase::Parse);
  c.expectNoErrors("parse");
  const DataDef &t = c.program.dataDefs.at(0);
  EXPECT_EQ(c.position(t.name.loc), "1:6");
  EXPECT_EQ(c.position(t.constructors.at(0).name.loc), "1:12");
  EXPECT_EQ(c.position(t.constructors.at(1).name.loc), "1:15");
  EXPECT_EQ(c.position(t.constructors.at(1).fieldTypes.at(0).loc), "1:17");
  EXPECT_EQ(c.position(t.constructors.at(1).fieldTypes.at(1).loc), "1:21");
  const FunctionDef &f = c.program.functions.at(0);
  EXPECT_EQ(c.position(f.name.loc), "2:6");
  EXPECT_EQ(c.position(f.params.at(0).loc), "2:8");
  EXPECT_EQ(c.position(f.params.at(1).loc), "2:11");
  EXPECT_EQ(c.position(f.body->loc()), "3:3");
}

TEST(Parser, LocationsOfExpressions) {
  // Column:    1234567890123456789012345678901234567890123456789
  Compilation c("defn main = { g (h 1) - 22 * case x of {\n"
                "    Cons\ty ys -> { ys } } }");
  c.runTo(Phase::Parse);
  c.expectNoErrors("parse");
  const Expr &body = *c.program.functions.at(0).body;
  ASSERT_EQ(show(body),
            "Sub(App(g, App(h, 1)), Mul(22, Case(x, [Ctor Cons y ys -> ys])))");
  // An operation is where its left operand starts, an application where
  // its function starts, a case at its keyword.
  auto &sub = llvm::cast<BinaryExpr>(body);
  EXPECT_EQ(c.position(sub.loc()), "1:15");
  auto &app = llvm::cast<AppExpr>(*sub.lhs);
  EXPECT_EQ(c.position(app.loc()), "1:15");
  EXPECT_EQ(c.position(app.arg->loc()), "1:18");
  EXPECT_EQ(c.position(llvm::cast<AppExpr>(*app.arg).arg->loc()), "1:20");
  auto &mul = llvm::cast<BinaryExpr>(*sub.rhs);
  EXPECT_EQ(c.position(mul.loc()), "1:25");
  auto &caseExpr = llvm::cast<CaseExpr>(*mul.rhs);
  EXPECT_EQ(c.position(caseExpr.loc()), "1:30");
  EXPECT_EQ(c.position(caseExpr.scrutinee->loc()), "1:35");
  const Branch &branch = caseExpr.branches.at(0);
  EXPECT_EQ(c.position(branch.pattern.name.loc), "2:5");
  EXPECT_EQ(c.position(branch.pattern.vars.at(0).loc), "2:10");
  EXPECT_EQ(c.position(branch.pattern.vars.at(1).loc), "2:12");
  EXPECT_EQ(c.position(branch.body->loc()), "2:20");
}

TEST(Parser, EmptyProgram) {
  Compilation c("  -- nothing here\n");
  c.runTo(Phase::Parse);
  EXPECT_TRUE(c.errors().empty());
  EXPECT_TRUE(c.program.functions.empty());
  EXPECT_TRUE(c.program.dataDefs.empty());
}

TEST(Parser, SyntaxErrorAtOffendingToken) {
  EXPECT_EQ(syntaxErrors("defn f = { 1 + }"),
            (Errors{"1:16: error: syntax error: unexpected '}'"}));
  EXPECT_EQ(syntaxErrors("defn f x = {\n  case x of { } }"),
            (Errors{"2:15: error: syntax error: unexpected '}'"}));
  EXPECT_EQ(syntaxErrors("defn F = { 1 }"),
            (Errors{"1:6: error: syntax error: unexpected 'F'"}));
  EXPECT_EQ(syntaxErrors("data t = { A }"),
            (Errors{"1:6: error: syntax error: unexpected 't'"}));
  EXPECT_EQ(syntaxErrors("data T = { A, }"),
            (Errors{"1:15: error: syntax error: unexpected '}'"}));
  EXPECT_EQ(syntaxErrors("defn f = { 12345 67 ) }"),
            (Errors{"1:21: error: syntax error: unexpected ')'"}));
  EXPECT_EQ(syntaxErrors("defn f = { case x of { A B -> { 1 } } }"),
            (Errors{"1:26: error: syntax error: unexpected 'B'"}));
  EXPECT_EQ(syntaxErrors("1 + 2"),
            (Errors{"1:1: error: syntax error: unexpected '1'"}));
}

TEST(Parser, SyntaxErrorIsRendered) {
  Compilation c("defn main = {\n  1 + -> }\n");
  c.runTo(Phase::Parse);
  EXPECT_EQ(c.rendered(), "test.txt:2:7: error: syntax error: unexpected '->'\n"
                          "  1 + -> }\n"
                          "      ^\n");
}

TEST(Parser, UnexpectedEndOfFile) {
  EXPECT_EQ(syntaxErrors("defn f = { 1"),
            (Errors{"1:13: error: syntax error: unexpected end of file"}));
  EXPECT_EQ(syntaxErrors("defn f = { 1\n"),
            (Errors{"2:1: error: syntax error: unexpected end of file"}));
  EXPECT_EQ(syntaxErrors("data T = { A"),
            (Errors{"1:13: error: syntax error: unexpected end of file"}));
  EXPECT_EQ(syntaxErrors("defn"),
            (Errors{"1:5: error: syntax error: unexpected end of file"}));
}

TEST(Parser, EachBrokenDefinitionIsReported) {
  EXPECT_EQ(syntaxErrors("defn f = { 1 + }\n"
                         "defn g = { ( }\n"
                         "defn h = { 1 }\n"
                         "data T = { A, , B }\n"),
            (Errors{"1:16: error: syntax error: unexpected '}'",
                    "2:14: error: syntax error: unexpected '}'",
                    "4:15: error: syntax error: unexpected ','"}));
}

TEST(Parser, ErrorEarlyInTheDefinitionAfterABrokenOneIsReported) {
  // The parser resumes at the next definition; an error among the first
  // tokens of that definition is still its first error.
  EXPECT_EQ(syntaxErrors("defn f = { ( }\n"
                         "defn = { 1 }\n"),
            (Errors{"1:14: error: syntax error: unexpected '}'",
                    "2:6: error: syntax error: unexpected '='"}));
  EXPECT_EQ(syntaxErrors("defn f = { ( }\n"
                         "defn g { 1 }\n"),
            (Errors{"1:14: error: syntax error: unexpected '}'",
                    "2:8: error: syntax error: unexpected '{'"}));
}

TEST(Parser, RestOfABrokenDefinitionIsSkipped) {
  // One error for the definition, however much garbage follows its error.
  EXPECT_EQ(syntaxErrors("defn f = { ) ) ( 1 2 } } = ->\n"
                         "defn main = { 1 }\n"),
            (Errors{"1:12: error: syntax error: unexpected ')'"}));
}

TEST(Parser, ValidDefinitionsAroundBrokenOnesAreParsed) {
  Compilation c("defn a = { 1 }\n"
                "defn b = { 1 + + 2 }\n"
                "data T = { X }\n"
                "defn c x = { x * 2 }\n"
                "data U = { Y Int Int, }\n"
                "defn d = { 4 }\n");
  c.runTo(Phase::Parse);
  EXPECT_EQ(c.errors(), (Errors{"2:16: error: syntax error: unexpected '+'",
                                "5:23: error: syntax error: unexpected '}'"}));
  std::vector<std::string> functions;
  for (const FunctionDef &f : c.program.functions)
    functions.push_back(f.name.text + " = " + show(*f.body));
  EXPECT_EQ(functions,
            (std::vector<std::string>{"a = 1", "c = Mul(x, 2)", "d = 4"}));
  ASSERT_EQ(c.program.dataDefs.size(), 1u);
  EXPECT_EQ(c.program.dataDefs[0].name.text, "T");
}

TEST(Parser, LexicalErrorsDoNotStopParsing) {
  Compilation c("defn main = { 1 $ + 99999999999999999999 }");
  c.runTo(Phase::Parse);
  EXPECT_EQ(c.errors(),
            (Errors{"1:17: error: unexpected character '$'",
                    "1:21: error: integer literal out of range"}));
  ASSERT_EQ(c.program.functions.size(), 1u);
  EXPECT_EQ(show(*c.program.functions[0].body), "Add(1, 0)");
}

} // namespace
} // namespace lazyc
