/* parser.y - the Bison grammar: tokens to the syntax tree (see parse.h). */
%require "3.8"
%language "c++"
%define api.namespace {lazyc}
%define api.parser.class {Parser}
%define api.token.constructor
%define api.value.type variant
%define api.location.type {lazyc::SourceRange}
%define parse.error custom
%locations

%code requires {
#include "ast.h"
#include "diagnostics.h"
namespace lazyc { class Lexer; }
}

%lex-param {lazyc::Lexer &lexer}
%parse-param {lazyc::Lexer &lexer} {lazyc::Diagnostics &diags} {lazyc::Program &program}

%code {
#include "lexer.h"
#include "parse.h"

namespace lazyc {
static Parser::symbol_type yylex(Lexer &lexer) { return lexer.next(); }

static Name nameAt(std::string text, const SourceRange &range) {
  return Name{std::move(text), range.start()};
}
}
}

%token DEFN "defn" DATA "data" CASE "case" OF "of"
%token LET "let" IN "in" IF "if" THEN "then" ELSE "else"
%token ARROW "->" EQUALS "=" LBRACE "{" RBRACE "}" LPAREN "(" RPAREN ")" COMMA ","
%token PLUS "+" MINUS "-" STAR "*" SLASH "/" PERCENT "%"
%token EQ "==" NE "/=" LT "<" LE "<=" GT ">" GE ">="
%token BACKSLASH "\\" UNDERSCORE "_"
%token <std::string> LID UID
%token <int64_t> INT
%token END 0 "end of file"

%nterm <lazyc::ExprPtr> expr sum term app atom case
%nterm <lazyc::BinaryOp> comparison
%nterm <std::vector<lazyc::Branch>> branches
%nterm <lazyc::Branch> branch
%nterm <lazyc::Pattern> pattern
%nterm <lazyc::Name> fieldVar
%nterm <std::vector<lazyc::Name>> lids lids1 fieldVars
%nterm <std::vector<lazyc::ConstructorDecl>> constructors
%nterm <lazyc::ConstructorDecl> constructor
%nterm <lazyc::TypeExpr> ftype
%nterm <std::vector<lazyc::TypeExpr>> ftypes
%nterm <lazyc::FunctionDef> function
%nterm <std::vector<lazyc::FunctionDef>> functions

%%

program
  : %empty
  | program definition
  | program error   /* resynchronise at the next definition */
  ;

/* A definition keyword ends the recovery from an earlier syntax error: the
   new definition's own first error is reported, however early it comes. */
defnKeyword : "defn" { yyerrok; } ;
dataKeyword : "data" { yyerrok; } ;

definition
  : function                  { program.functions.push_back(std::move($1)); }
  | dataKeyword UID lids "=" "{" constructors "}" {
      program.dataDefs.push_back(
          DataDef{nameAt($2, @2), std::move($3), std::move($6)});
    }
  ;

function
  : defnKeyword LID lids "=" "{" expr "}" {
      $$ = FunctionDef{nameAt($2, @2), std::move($3), std::move($6)};
    }
  ;

functions
  : function             { $$.push_back(std::move($1)); }
  | functions function   { $$ = std::move($1); $$.push_back(std::move($2)); }
  ;

lids
  : %empty       { }
  | lids LID     { $$ = std::move($1); $$.push_back(nameAt($2, @2)); }
  ;

lids1
  : LID          { $$.push_back(nameAt($1, @1)); }
  | lids1 LID    { $$ = std::move($1); $$.push_back(nameAt($2, @2)); }
  ;

constructors
  : constructor                    { $$.push_back(std::move($1)); }
  | constructors "," constructor   { $$ = std::move($1); $$.push_back(std::move($3)); }
  ;

constructor
  : UID ftypes   { $$ = ConstructorDecl{nameAt($1, @1), std::move($2)}; }
  ;

ftypes
  : %empty          { }
  | ftypes ftype    { $$ = std::move($1); $$.push_back(std::move($2)); }
  ;

ftype
  : UID                  { $$ = TypeExpr{nameAt($1, @1), {}}; }
  | LID                  { $$ = TypeExpr{nameAt($1, @1), {}}; }
  | "(" UID ftypes ")"   { $$ = TypeExpr{nameAt($2, @2), std::move($3)}; }
  ;

/* Comparisons do not associate: `1 < 2 < 3` is a syntax error. */
expr
  : sum                  { $$ = std::move($1); }
  | sum comparison sum   { $$ = std::make_unique<BinaryExpr>($2, std::move($1), std::move($3)); }
  ;

comparison
  : "=="  { $$ = BinaryOp::Eq; }
  | "/="  { $$ = BinaryOp::Ne; }
  | "<"   { $$ = BinaryOp::Lt; }
  | "<="  { $$ = BinaryOp::Le; }
  | ">"   { $$ = BinaryOp::Gt; }
  | ">="  { $$ = BinaryOp::Ge; }
  ;

sum
  : sum "+" term   { $$ = std::make_unique<BinaryExpr>(BinaryOp::Add, std::move($1), std::move($3)); }
  | sum "-" term   { $$ = std::make_unique<BinaryExpr>(BinaryOp::Sub, std::move($1), std::move($3)); }
  | term           { $$ = std::move($1); }
  ;

term
  : term "*" app   { $$ = std::make_unique<BinaryExpr>(BinaryOp::Mul, std::move($1), std::move($3)); }
  | term "/" app   { $$ = std::make_unique<BinaryExpr>(BinaryOp::Div, std::move($1), std::move($3)); }
  | term "%" app   { $$ = std::make_unique<BinaryExpr>(BinaryOp::Mod, std::move($1), std::move($3)); }
  | app            { $$ = std::move($1); }
  ;

app
  : app atom       { $$ = std::make_unique<AppExpr>(std::move($1), std::move($2)); }
  | atom           { $$ = std::move($1); }
  ;

atom
  : INT            { $$ = std::make_unique<IntExpr>($1, @1.start()); }
  | LID            { $$ = std::make_unique<VarExpr>(std::move($1), @1.start()); }
  | UID            { $$ = std::make_unique<CtorExpr>(std::move($1), @1.start()); }
  | "(" expr ")"   { $$ = std::move($2); }
  | case           { $$ = std::move($1); }
  | "if" expr "then" "{" expr "}" "else" "{" expr "}" {
      $$ = std::make_unique<IfExpr>(std::move($2), std::move($5), std::move($9), @1.start());
    }
  | "let" "{" functions "}" "in" "{" expr "}" {
      $$ = std::make_unique<LetExpr>(std::move($3), std::move($7), @1.start());
    }
  | "\\" lids1 "->" "{" expr "}" {
      $$ = std::make_unique<LambdaExpr>(std::move($2), std::move($5), @1.start());
    }
  ;

case
  : "case" expr "of" "{" branches "}" {
      $$ = std::make_unique<CaseExpr>(std::move($2), std::move($5), @1.start());
    }
  ;

branches
  : branch           { $$.push_back(std::move($1)); }
  | branches branch  { $$ = std::move($1); $$.push_back(std::move($2)); }
  ;

branch
  : pattern "->" "{" expr "}"  { $$ = Branch{std::move($1), std::move($4)}; }
  ;

pattern
  : LID            { $$ = Pattern{Pattern::Kind::Var, nameAt($1, @1), {}}; }
  | "_"            { $$ = Pattern{Pattern::Kind::Wildcard, nameAt(Wildcard, @1), {}}; }
  | INT            { $$ = Pattern{Pattern::Kind::Int, nameAt(std::to_string($1), @1), {}, $1}; }
  | UID fieldVars  { $$ = Pattern{Pattern::Kind::Ctor, nameAt($1, @1), std::move($2)}; }
  ;

fieldVars
  : %empty              { }
  | fieldVars fieldVar  { $$ = std::move($1); $$.push_back(std::move($2)); }
  ;

fieldVar
  : LID   { $$ = nameAt($1, @1); }
  | "_"   { $$ = nameAt(Wildcard, @1); }
  ;

%%

namespace lazyc {

void Parser::report_syntax_error(const context &ctx) const {
  if (ctx.token() == symbol_kind::S_YYEOF) {
    diags.error(ctx.location().start(), "syntax error: unexpected end of file");
    return;
  }
  const SourceRange &range = ctx.location();
  diags.error(range.start(), "syntax error: unexpected '" +
                                 std::string(range.begin, range.end) + "'");
}

void Parser::error(const location_type &loc, const std::string &message) {
  diags.error(loc.start(), message);
}

Program parse(const llvm::MemoryBuffer &source, Diagnostics &diags) {
  Program program;
  Lexer lexer(source, diags);
  Parser parser(lexer, diags, program);
  parser.parse();
  return program;
}

} // namespace lazyc
