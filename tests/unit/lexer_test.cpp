//===- lexer_test.cpp - Tests of the Flex scanner -------------------------===//

#include "lexer.h"

#include "compiler_test_support.h"

#include <gtest/gtest.h>

namespace lazyc {
namespace {

using test::Errors;
using test::Source;
using Kind = Parser::symbol_kind;

/// The tokens of text up to the end of input, each as "LINE:COL NAME" or
/// "LINE:COL NAME:VALUE" for names and numbers; the end of input included.
struct Lexed {
  std::vector<std::string> tokens;
  Errors errors;
};

Lexed lex(llvm::StringRef text) {
  Source source(text);
  Lexed result;
  Lexer lexer(source.buffer(), source.diags);
  for (;;) {
    Parser::symbol_type token = lexer.next();
    std::string description = source.position(token.location.start()) + " ";
    switch (token.kind()) {
    case Kind::S_LID:
      description += "LID:" + token.value.as<std::string>();
      break;
    case Kind::S_UID:
      description += "UID:" + token.value.as<std::string>();
      break;
    case Kind::S_INT:
      description += "INT:" + std::to_string(token.value.as<int64_t>());
      break;
    default:
      description += Parser::symbol_name(token.kind());
      break;
    }
    result.tokens.push_back(description);
    if (token.kind() == Kind::S_YYEOF)
      break;
    // Every token's range covers exactly the text it was read from.
    EXPECT_LT(token.location.begin, token.location.end) << description;
  }
  result.errors = source.errors();
  return result;
}

using Tokens = std::vector<std::string>;

TEST(Lexer, KeywordsAndPunctuation) {
  Lexed lexed = lex("defn data case of -> = { } ( ) , + - * /");
  EXPECT_EQ(
      lexed.tokens,
      (Tokens{"1:1 defn", "1:6 data", "1:11 case", "1:16 of", "1:19 ->",
              "1:22 =", "1:24 {", "1:26 }", "1:28 (", "1:30 )", "1:32 ,",
              "1:34 +", "1:36 -", "1:38 *", "1:40 /", "1:41 end of file"}));
  EXPECT_TRUE(lexed.errors.empty());
}

TEST(Lexer, KeywordPrefixesAreIdentifiers) {
  Lexed lexed = lex("defnx data1 cases of' Defn");
  EXPECT_EQ(lexed.tokens,
            (Tokens{"1:1 LID:defnx", "1:7 LID:data1", "1:13 LID:cases",
                    "1:19 LID:of'", "1:23 UID:Defn", "1:27 end of file"}));
}

TEST(Lexer, IdentifiersContinueWithDigitsUnderscoresAndPrimes) {
  Lexed lexed = lex("x1_' Cons_2' a'b Z9");
  EXPECT_EQ(lexed.tokens,
            (Tokens{"1:1 LID:x1_'", "1:6 UID:Cons_2'", "1:14 LID:a'b",
                    "1:18 UID:Z9", "1:20 end of file"}));
}

TEST(Lexer, IdentifierCannotStartWithDigitOrUnderscore) {
  // "9x" is a number followed by a name; "_y" is the wildcard, then a name.
  Lexed lexed = lex("9x _y");
  EXPECT_EQ(lexed.tokens, (Tokens{"1:1 INT:9", "1:2 LID:x", "1:4 _",
                                  "1:5 LID:y", "1:6 end of file"}));
  EXPECT_TRUE(lexed.errors.empty());
}

TEST(Lexer, ExtendedKeywordsAndOperators) {
  Lexed lexed = lex("let in if then else % == /= < <= > >= \\ _");
  EXPECT_EQ(
      lexed.tokens,
      (Tokens{"1:1 let", "1:5 in", "1:8 if", "1:11 then", "1:16 else", "1:21 %",
              "1:23 ==", "1:26 /=", "1:29 <", "1:31 <=", "1:34 >",
              "1:36 >=", "1:39 \\", "1:41 _", "1:42 end of file"}));
  EXPECT_TRUE(lexed.errors.empty());
}

TEST(Lexer, ExtendedKeywordPrefixesAreIdentifiers) {
  Lexed lexed = lex("lets in' iff then_ elsewhere If x_ case1");
  EXPECT_EQ(lexed.tokens,
            (Tokens{"1:1 LID:lets", "1:6 LID:in'", "1:10 LID:iff",
                    "1:14 LID:then_", "1:20 LID:elsewhere", "1:30 UID:If",
                    "1:33 LID:x_", "1:36 LID:case1", "1:41 end of file"}));
}

TEST(Lexer, OperatorsAreReadLongestFirst) {
  // Without spaces: "==" is one token, "=>" two; "/=" is not "/" then "=".
  Lexed lexed = lex("a==b=>c/=d<=e>=f<-g=h\\x->y%_");
  EXPECT_EQ(
      lexed.tokens,
      (Tokens{"1:1 LID:a",  "1:2 ==",     "1:4 LID:b",  "1:5 =",
              "1:6 >",      "1:7 LID:c",  "1:8 /=",     "1:10 LID:d",
              "1:11 <=",    "1:13 LID:e", "1:14 >=",    "1:16 LID:f",
              "1:17 <",     "1:18 -",     "1:19 LID:g", "1:20 =",
              "1:21 LID:h", "1:22 \\",    "1:23 LID:x", "1:24 ->",
              "1:26 LID:y", "1:27 %",     "1:28 _",     "1:29 end of file"}));
  EXPECT_TRUE(lexed.errors.empty());
}

TEST(Lexer, ThreeEqualsAndSlashSlash) {
  Lexed lexed = lex("=== // =/=");
  EXPECT_EQ(lexed.tokens, (Tokens{"1:1 ==", "1:3 =", "1:5 /", "1:6 /",
                                  "1:8 =", "1:9 /=", "1:11 end of file"}));
}

TEST(Lexer, IntegerLiterals) {
  Lexed lexed = lex("0 42 007 9223372036854775807");
  EXPECT_EQ(lexed.tokens,
            (Tokens{"1:1 INT:0", "1:3 INT:42", "1:6 INT:7",
                    "1:10 INT:9223372036854775807", "1:29 end of file"}));
  EXPECT_TRUE(lexed.errors.empty());
}

TEST(Lexer, OutOfRangeLiteralIsReportedAndReadAsZero) {
  Lexed lexed = lex("1 9223372036854775808 99999999999999999999999 2");
  EXPECT_EQ(lexed.tokens, (Tokens{"1:1 INT:1", "1:3 INT:0", "1:23 INT:0",
                                  "1:47 INT:2", "1:48 end of file"}));
  EXPECT_EQ(lexed.errors,
            (Errors{"1:3: error: integer literal out of range",
                    "1:23: error: integer literal out of range"}));
}

TEST(Lexer, ArrowAndMinus) {
  // "- >" is minus and greater-than, not an arrow.
  Lexed lexed = lex("a->b - c-1 - > !");
  EXPECT_EQ(lexed.tokens, (Tokens{"1:1 LID:a", "1:2 ->", "1:4 LID:b", "1:6 -",
                                  "1:8 LID:c", "1:9 -", "1:10 INT:1", "1:12 -",
                                  "1:14 >", "1:17 end of file"}));
  EXPECT_EQ(lexed.errors, (Errors{"1:16: error: unexpected character '!'"}));
}

TEST(Lexer, CommentsRunToEndOfLine) {
  Lexed lexed = lex("a -- b { defn\n-- whole line\nc --> d\n--");
  EXPECT_EQ(lexed.tokens,
            (Tokens{"1:1 LID:a", "3:1 LID:c", "4:3 end of file"}));
  EXPECT_TRUE(lexed.errors.empty());
}

TEST(Lexer, LocationsCountLinesAndTabsAsOneColumn) {
  Lexed lexed = lex("defn f =\n\t{ x\r\n\t\t+ 12 }");
  EXPECT_EQ(lexed.tokens,
            (Tokens{"1:1 defn", "1:6 LID:f", "1:8 =", "2:2 {", "2:4 LID:x",
                    "3:3 +", "3:5 INT:12", "3:8 }", "3:9 end of file"}));
}

TEST(Lexer, UnexpectedCharacterIsReportedAndSkipped) {
  Lexed lexed = lex("a $ b\n  \x01 # c");
  EXPECT_EQ(lexed.tokens,
            (Tokens{"1:1 LID:a", "1:5 LID:b", "2:7 LID:c", "2:8 end of file"}));
  EXPECT_EQ(lexed.errors, (Errors{"1:3: error: unexpected character '$'",
                                  "2:3: error: unexpected character '\\x01'",
                                  "2:5: error: unexpected character '#'"}));
}

// A binary file would otherwise give one error per byte.
TEST(Lexer, ARunOfUnexpectedCharactersIsOneError) {
  Lexed lexed = lex("a #\x01\xff$ b");
  EXPECT_EQ(lexed.tokens,
            (Tokens{"1:1 LID:a", "1:8 LID:b", "1:9 end of file"}));
  EXPECT_EQ(lexed.errors, (Errors{"1:3: error: unexpected character '#'"}));
}

TEST(Lexer, ErrorIsRenderedWithSourceLineAndCaret) {
  Source source("defn main = {\n\t1 $ 2 }\n");
  Lexer lexer(source.buffer(), source.diags);
  while (lexer.next().kind() != Kind::S_YYEOF) {
  }
  // SourceMgr expands the tab in the source line and the caret line alike.
  EXPECT_EQ(source.rendered(), "test.txt:2:4: error: unexpected character '$'\n"
                               "        1 $ 2 }\n"
                               "          ^\n");
}

} // namespace
} // namespace lazyc
