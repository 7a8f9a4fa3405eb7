//===- parser_test.cpp - Tests of the Bison grammar -----------------------===//

#include "compiler_test_support.h"

#include <gtest/gtest.h>

namespace lazyc {
namespace {

using test::Compilation;
using test::Errors;
using Phase = Compilation::Phase;

std::string show(const Expr &e);

/// A pattern: "Var x", "_", "Int 3", "Ctor Cons _ xs".
std::string show(const Pattern &p) {
  switch (p.kind) {
  case Pattern::Kind::Var:
    return "Var " + p.name.text;
  case Pattern::Kind::Wildcard:
    return p.name.text;
  case Pattern::Kind::Int:
    return "Int " + std::to_string(p.value);
  case Pattern::Kind::Ctor: {
    std::string out = "Ctor " + p.name.text;
    for (const Name &v : p.vars)
      out += " " + v.text;
    return out;
  }
  }
  return "?";
}

std::string showParams(const std::vector<Name> &params) {
  std::string out;
  for (const Name &p : params)
    out += " " + p.text;
  return out;
}

/// The tree of e as nested terms: Add(1, App(f, x)), Case(l, [...]),
/// If(c, a, b), Let([defn f x = ...], body), Lambda(x y -> body).
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
    static const char *const names[] = {"Add", "Sub", "Mul", "Div", "Mod", "Eq",
                                        "Ne",  "Lt",  "Le",  "Gt",  "Ge"};
    return std::string(names[int(bin.op)]) + "(" + show(*bin.lhs) + ", " +
           show(*bin.rhs) + ")";
  }
  case Expr::Kind::Case: {
    auto &c = llvm::cast<CaseExpr>(e);
    std::string out = "Case(" + show(*c.scrutinee) + ", [";
    for (size_t i = 0; i < c.branches.size(); ++i) {
      out += i ? "; " : "";
      out += show(c.branches[i].pattern) + " -> " + show(*c.branches[i].body);
    }
    return out + "])";
  }
  case Expr::Kind::If: {
    auto &i = llvm::cast<IfExpr>(e);
    return "If(" + show(*i.condition) + ", " + show(*i.thenExpr) + ", " +
           show(*i.elseExpr) + ")";
  }
  case Expr::Kind::Let: {
    auto &let = llvm::cast<LetExpr>(e);
    std::string out = "Let([";
    for (size_t i = 0; i < let.defs.size(); ++i) {
      const FunctionDef &d = let.defs[i];
      out += i ? "; " : "";
      out +=
          "defn " + d.name.text + showParams(d.params) + " = " + show(*d.body);
    }
    return out + "], " + show(*let.body) + ")";
  }
  case Expr::Kind::Lambda: {
    auto &lambda = llvm::cast<LambdaExpr>(e);
    return "Lambda(" + showParams(lambda.params).substr(1) + " -> " +
           show(*lambda.body) + ")";
  }
  }
  return "?";
}

/// A field type as written, fully parenthesised: Int, a, (List a).
std::string show(const TypeExpr &t) {
  if (t.args.empty())
    return t.head.text;
  std::string out = "(" + t.head.text;
  for (const TypeExpr &a : t.args)
    out += " " + show(a);
  return out + ")";
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
  EXPECT_EQ(
      parseExpr("case l of { Nil -> { 0 } Cons x xs -> { 1 + length xs } "
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
    for (const TypeExpr &field : ctor.fieldTypes) {
      EXPECT_FALSE(field.isVariable());
      text += " " + show(field);
    }
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
  EXPECT_EQ(c.position(t.constructors.at(1).fieldTypes.at(0).head.loc), "1:17");
  EXPECT_EQ(c.position(t.constructors.at(1).fieldTypes.at(1).head.loc), "1:21");
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
  EXPECT_EQ(c.errors(), (Errors{"1:17: error: unexpected character '$'",
                                "1:21: error: integer literal out of range"}));
  ASSERT_EQ(c.program.functions.size(), 1u);
  EXPECT_EQ(show(*c.program.functions[0].body), "Add(1, 0)");
}

// ---- Extended ---------------------------------------------------------------

TEST(Parser, ComparisonsBindLooserThanArithmetic) {
  EXPECT_EQ(parseExpr("1 + 2 < 3 * 4"), "Lt(Add(1, 2), Mul(3, 4))");
  EXPECT_EQ(parseExpr("f x == g y"), "Eq(App(f, x), App(g, y))");
  EXPECT_EQ(parseExpr("a /= b"), "Ne(a, b)");
  EXPECT_EQ(parseExpr("a <= b - 1"), "Le(a, Sub(b, 1))");
  EXPECT_EQ(parseExpr("a - 1 > b"), "Gt(Sub(a, 1), b)");
  EXPECT_EQ(parseExpr("a >= b % 2"), "Ge(a, Mod(b, 2))");
  EXPECT_EQ(parseExpr("(1 < 2) == (2 < 3)"), "Eq(Lt(1, 2), Lt(2, 3))");
  EXPECT_EQ(parseExpr("f (a < b)"), "App(f, Lt(a, b))");
}

TEST(Parser, RemainderIsAMultiplicativeOperator) {
  EXPECT_EQ(parseExpr("1 + 2 % 3"), "Add(1, Mod(2, 3))");
  EXPECT_EQ(parseExpr("1 % 2 - 3"), "Sub(Mod(1, 2), 3)");
  EXPECT_EQ(parseExpr("1 * 2 % 3 / 4"), "Div(Mod(Mul(1, 2), 3), 4)");
  EXPECT_EQ(parseExpr("a % f b"), "Mod(a, App(f, b))");
  EXPECT_EQ(parseExpr("a % b % c"), "Mod(Mod(a, b), c)");
}

TEST(Parser, ComparisonsDoNotAssociate) {
  EXPECT_EQ(syntaxErrors("defn main = { 1 < 2 < 3 }"),
            (Errors{"1:21: error: syntax error: unexpected '<'"}));
  EXPECT_EQ(syntaxErrors("defn main = { a == b /= c }"),
            (Errors{"1:22: error: syntax error: unexpected '/='"}));
  // Parenthesised, they nest.
  EXPECT_EQ(parseExpr("(1 < 2) < 3"), "Lt(Lt(1, 2), 3)");
}

TEST(Parser, If) {
  EXPECT_EQ(parseExpr("if x < 1 then { 0 } else { f x }"),
            "If(Lt(x, 1), 0, App(f, x))");
  // An atom: it may be an operand or an argument.
  EXPECT_EQ(parseExpr("1 + if c then { 1 } else { 2 } * 3"),
            "Add(1, Mul(If(c, 1, 2), 3))");
  EXPECT_EQ(parseExpr("f if c then { a } else { b } y"),
            "App(App(f, If(c, a, b)), y)");
  EXPECT_EQ(parseExpr("if if a then { b } else { c } then { 1 } "
                      "else { if d then { 2 } else { 3 } }"),
            "If(If(a, b, c), 1, If(d, 2, 3))");
}

TEST(Parser, IfWithoutElseIsASyntaxError) {
  EXPECT_EQ(syntaxErrors("defn main = { if c then { 1 } }"),
            (Errors{"1:31: error: syntax error: unexpected '}'"}));
  EXPECT_EQ(syntaxErrors("defn main = { if c then { 1 }"),
            (Errors{"1:30: error: syntax error: unexpected end of file"}));
  // The branches need their braces.
  EXPECT_EQ(syntaxErrors("defn main = { if c then 1 else { 2 } }"),
            (Errors{"1:25: error: syntax error: unexpected '1'"}));
}

TEST(Parser, Let) {
  EXPECT_EQ(parseExpr("let { defn double x = { x * 2 } } in { double 3 }"),
            "Let([defn double x = Mul(x, 2)], App(double, 3))");
  EXPECT_EQ(parseExpr("let { defn a = { 1 } defn f x y = { x } } in { f a a }"),
            "Let([defn a = 1; defn f x y = x], App(App(f, a), a))");
  EXPECT_EQ(parseExpr("1 + let { defn a = { 2 } } in { a } * 3"),
            "Add(1, Mul(Let([defn a = 2], a), 3))");
  EXPECT_EQ(parseExpr("let { defn a = { let { defn b = { 1 } } in { b } } } "
                      "in { let { defn c = { a } } in { c } }"),
            "Let([defn a = Let([defn b = 1], b)], Let([defn c = a], c))");
}

TEST(Parser, LetSyntaxErrors) {
  // At least one definition; only defn; then "in" and a braced body.
  EXPECT_EQ(syntaxErrors("defn main = { let { } in { 1 } }"),
            (Errors{"1:21: error: syntax error: unexpected '}'"}));
  EXPECT_EQ(syntaxErrors("defn main = { let { defn a = { 1 } } { a } }"),
            (Errors{"1:38: error: syntax error: unexpected '{'"}));
  EXPECT_EQ(syntaxErrors("defn main = { let { defn a = { 1 } } in a }"),
            (Errors{"1:41: error: syntax error: unexpected 'a'"}));
  // Without its braces, the defn is read as the next top-level definition,
  // after which "in" is out of place.
  EXPECT_EQ(syntaxErrors("defn main = { let defn a = { 1 } in { a } }"),
            (Errors{"1:19: error: syntax error: unexpected 'defn'",
                    "1:34: error: syntax error: unexpected 'in'"}));
}

TEST(Parser, Lambda) {
  EXPECT_EQ(parseExpr("\\x -> { x + 1 }"), "Lambda(x -> Add(x, 1))");
  EXPECT_EQ(parseExpr("\\x y -> { y }"), "Lambda(x y -> y)");
  EXPECT_EQ(parseExpr("map (\\x -> { x }) l"),
            "App(App(map, Lambda(x -> x)), l)");
  // An atom: it ends at its closing brace.
  EXPECT_EQ(parseExpr("map \\x -> { x } l"),
            "App(App(map, Lambda(x -> x)), l)");
  EXPECT_EQ(parseExpr("\\f -> { \\x -> { f x } }"),
            "Lambda(f -> Lambda(x -> App(f, x)))");
}

TEST(Parser, LambdaSyntaxErrors) {
  EXPECT_EQ(syntaxErrors("defn main = { \\ -> { 1 } }"),
            (Errors{"1:17: error: syntax error: unexpected '->'"}));
  EXPECT_EQ(syntaxErrors("defn main = { \\x -> x }"),
            (Errors{"1:21: error: syntax error: unexpected 'x'"}));
  EXPECT_EQ(syntaxErrors("defn main = { \\X -> { 1 } }"),
            (Errors{"1:16: error: syntax error: unexpected 'X'"}));
  EXPECT_EQ(syntaxErrors("defn main = { \\_ -> { 1 } }"),
            (Errors{"1:16: error: syntax error: unexpected '_'"}));
}

TEST(Parser, ExtendedPatterns) {
  EXPECT_EQ(parseExpr("case n of { 0 -> { 1 } 42 -> { 2 } _ -> { 3 } }"),
            "Case(n, [Int 0 -> 1; Int 42 -> 2; _ -> 3])");
  EXPECT_EQ(parseExpr("case l of { Cons _ xs -> { xs } Cons x _ -> { x } "
                      "Cons _ _ -> { 0 } Nil -> { 0 } }"),
            "Case(l, [Ctor Cons _ xs -> xs; Ctor Cons x _ -> x; "
            "Ctor Cons _ _ -> 0; Ctor Nil -> 0])");
}

TEST(Parser, PatternFields) {
  // Column:    1234567890123456789012345678901234567890123456789012345
  Compilation c("defn main = { case l of { 9223372036854775807 -> { 1 }\n"
                "  _ -> { 2 } Cons _ y -> { 3 } } }");
  c.runTo(Phase::Parse);
  c.expectNoErrors("parse");
  auto &caseExpr = llvm::cast<CaseExpr>(*c.program.functions.at(0).body);
  ASSERT_EQ(caseExpr.branches.size(), 3u);
  const Pattern &number = caseExpr.branches[0].pattern;
  EXPECT_EQ(number.kind, Pattern::Kind::Int);
  EXPECT_EQ(number.value, INT64_MAX);
  EXPECT_TRUE(number.vars.empty());
  EXPECT_TRUE(boundBy(number).empty());
  EXPECT_EQ(c.position(number.name.loc), "1:27");
  const Pattern &wildcard = caseExpr.branches[1].pattern;
  EXPECT_EQ(wildcard.kind, Pattern::Kind::Wildcard);
  EXPECT_TRUE(boundBy(wildcard).empty());
  EXPECT_EQ(c.position(wildcard.name.loc), "2:3");
  const Pattern &ctor = caseExpr.branches[2].pattern;
  EXPECT_EQ(ctor.kind, Pattern::Kind::Ctor);
  EXPECT_EQ(ctor.name.text, "Cons");
  ASSERT_EQ(ctor.vars.size(), 2u);
  EXPECT_EQ(ctor.vars[0].text, Wildcard);
  EXPECT_EQ(c.position(ctor.vars[0].loc), "2:19");
  EXPECT_EQ(c.position(ctor.vars[1].loc), "2:21");
  // Only y is bound.
  std::vector<const Name *> bound = boundBy(ctor);
  ASSERT_EQ(bound.size(), 1u);
  EXPECT_EQ(bound[0], &ctor.vars[1]);
}

TEST(Parser, PatternSyntaxErrors) {
  // No negative numbers, nested patterns or numbers as fields.
  EXPECT_EQ(syntaxErrors("defn f n = { case n of { 0 - 1 -> { 1 } } }"),
            (Errors{"1:28: error: syntax error: unexpected '-'"}));
  EXPECT_EQ(syntaxErrors("defn f l = { case l of { Cons (Cons x y) z -> "
                         "{ 1 } } }"),
            (Errors{"1:31: error: syntax error: unexpected '('"}));
  EXPECT_EQ(syntaxErrors("defn f l = { case l of { Cons 0 xs -> { 1 } } }"),
            (Errors{"1:31: error: syntax error: unexpected '0'"}));
  EXPECT_EQ(syntaxErrors("defn f l = { case l of { _ x -> { 1 } } }"),
            (Errors{"1:28: error: syntax error: unexpected 'x'"}));
}

TEST(Parser, PolymorphicDataDeclarations) {
  Compilation c("data Pair a b = { MkPair a b }\n"
                "data List a = { Nil, Cons a (List a) }\n"
                "data T = { T (Pair (List Int) (Pair a Bool)) (List) Int }\n");
  c.runTo(Phase::Parse);
  c.expectNoErrors("parse");
  ASSERT_EQ(c.program.dataDefs.size(), 3u);
  std::vector<std::string> decls;
  for (const DataDef &d : c.program.dataDefs) {
    std::string text = d.name.text + showParams(d.params) + " =";
    for (const ConstructorDecl &ctor : d.constructors) {
      text += " " + ctor.name.text;
      for (const TypeExpr &field : ctor.fieldTypes)
        text += " " + show(field);
    }
    decls.push_back(text);
  }
  EXPECT_EQ(decls, (std::vector<std::string>{
                       "Pair a b = MkPair a b", "List a = Nil Cons a (List a)",
                       "T = T (Pair (List Int) (Pair a Bool)) List Int"}));
  const ConstructorDecl &mkPair = c.program.dataDefs[0].constructors.at(0);
  EXPECT_TRUE(mkPair.fieldTypes.at(0).isVariable());
  const TypeExpr &listA =
      c.program.dataDefs[1].constructors.at(1).fieldTypes.at(1);
  EXPECT_FALSE(listA.isVariable());
  ASSERT_EQ(listA.args.size(), 1u);
  EXPECT_TRUE(listA.args[0].isVariable());
  // A type's location is its head's.
  EXPECT_EQ(c.position(c.program.dataDefs[0].params.at(1).loc), "1:13");
  EXPECT_EQ(c.position(listA.head.loc), "2:30");
  EXPECT_EQ(c.position(listA.args[0].head.loc), "2:35");
}

TEST(Parser, DataDeclarationSyntaxErrors) {
  // A type variable cannot be applied; parameters are lower case.
  EXPECT_EQ(syntaxErrors("data T a = { A (a b) }"),
            (Errors{"1:17: error: syntax error: unexpected 'a'"}));
  EXPECT_EQ(syntaxErrors("data T A = { X }"),
            (Errors{"1:8: error: syntax error: unexpected 'A'"}));
  EXPECT_EQ(syntaxErrors("data T = { A (List Int }"),
            (Errors{"1:24: error: syntax error: unexpected '}'"}));
}

TEST(Parser, LocationsOfExtendedExpressions) {
  // Column:    12345678901234567890123456789012345678901234567890
  Compilation c("defn main = { if a <= b then { 1 } else {\n"
                "  let { defn f x = { x } } in { \\y z -> { y } } } }");
  c.runTo(Phase::Parse);
  c.expectNoErrors("parse");
  const Expr &body = *c.program.functions.at(0).body;
  ASSERT_EQ(show(body),
            "If(Le(a, b), 1, Let([defn f x = x], Lambda(y z -> y)))");
  // An if, a let and a lambda are at their first token; a comparison
  // where its left operand starts.
  auto &ifExpr = llvm::cast<IfExpr>(body);
  EXPECT_EQ(c.position(ifExpr.loc()), "1:15");
  EXPECT_EQ(c.position(ifExpr.condition->loc()), "1:18");
  EXPECT_EQ(c.position(llvm::cast<BinaryExpr>(*ifExpr.condition).rhs->loc()),
            "1:23");
  EXPECT_EQ(c.position(ifExpr.thenExpr->loc()), "1:32");
  auto &let = llvm::cast<LetExpr>(*ifExpr.elseExpr);
  EXPECT_EQ(c.position(let.loc()), "2:3");
  EXPECT_EQ(c.position(let.defs.at(0).name.loc), "2:14");
  EXPECT_EQ(c.position(let.defs.at(0).params.at(0).loc), "2:16");
  EXPECT_EQ(c.position(let.defs.at(0).body->loc()), "2:22");
  auto &lambda = llvm::cast<LambdaExpr>(*let.body);
  EXPECT_EQ(c.position(lambda.loc()), "2:33");
  EXPECT_EQ(c.position(lambda.params.at(0).loc), "2:34");
  EXPECT_EQ(c.position(lambda.params.at(1).loc), "2:36");
  EXPECT_EQ(c.position(lambda.body->loc()), "2:43");
}

TEST(Parser, EveryVariableInSourceOrder) {
  // Binders do not hide anything: what a variable refers to is for the
  // symbol table to say.
  Compilation c("defn main = { f a (\\a x -> { a x b }) "
                "(let { defn g y = { g y c } defn h = { d } } in { g h e }) "
                "(case k of { Cons _ m -> { m n } o -> { o p } "
                "0 -> { q } }) }");
  c.runTo(Phase::Parse);
  c.expectNoErrors("parse");
  std::vector<std::string> seen;
  forEachVariable(*c.program.functions.at(0).body,
                  [&](const VarExpr &v) { seen.push_back(v.name); });
  EXPECT_EQ(seen, (std::vector<std::string>{"f", "a", "a", "x", "b", "g", "y",
                                            "c", "d", "g", "h", "e", "k", "m",
                                            "n", "o", "p", "q"}));
}

} // namespace
} // namespace lazyc
