//===- coverage_test.cpp - Tests of the incomplete-case warnings ----------===//

#include "compiler_test_support.h"
#include "coverage.h"

#include <gtest/gtest.h>

namespace lazyc {
namespace {

using test::Compilation;
using test::Errors;

/// The warnings checkCoverage gives a program that passes checkNames.
Errors warnings(llvm::StringRef text, bool asErrors = false) {
  Compilation c(text);
  c.diags.setWarningsAreErrors(asErrors);
  c.runTo(Compilation::Phase::Names);
  c.expectNoErrors("checkNames");
  checkCoverage(c.program, c.symbols, c.diags);
  return c.errors();
}

const char *const Shapes = "data Shape = { Dot, Line Int, Square Int, "
                           "Circle Int, Star, Ring, Blob, Wave }\n";

TEST(Coverage, EveryConstructorOrADefaultIsComplete) {
  EXPECT_EQ(warnings("data L = { N, C Int L }\n"
                     "defn f l = { case l of { N -> { 0 } C x r -> { x } } }\n"
                     "defn g l = { case l of { C x r -> { x } _ -> { 0 } } }\n"
                     "defn h l = { case l of { C x r -> { x } m -> { 0 } } }\n"
                     "defn i n = { case n of { 0 -> { 1 } k -> { k } } }\n"
                     "defn main = { f N + g N + h N + i 3 }\n"),
            Errors{});
}

TEST(Coverage, AMissingConstructorIsNamedAtTheCase) {
  EXPECT_EQ(warnings("data L = { N, C Int L }\n"
                     "defn head l = { case l of { C x r -> { x } } }\n"
                     "defn main = { head N }\n"),
            (Errors{"2:17: warning: non-exhaustive case on 'L': no branch "
                    "for 'N' [-Wincomplete-patterns]"}));
}

TEST(Coverage, MissingConstructorsAreNamedInDeclarationOrderUpToFive) {
  EXPECT_EQ(warnings(std::string(Shapes) +
                     "defn f s = { case s of { Star -> { 1 } } }\n"
                     "defn g s = { case s of { Wave -> { 1 } Dot -> { 2 } "
                     "Ring -> { 3 } Blob -> { 4 } } }\n"
                     "defn main = { f Dot + g Dot }\n"),
            (Errors{"2:14: warning: non-exhaustive case on 'Shape': no "
                    "branch for 'Dot', 'Line', 'Square', 'Circle', 'Ring' "
                    "and 2 more [-Wincomplete-patterns]",
                    "3:14: warning: non-exhaustive case on 'Shape': no "
                    "branch for 'Line', 'Square', 'Circle', 'Star' "
                    "[-Wincomplete-patterns]"}));
}

TEST(Coverage, BoolIntAndNestedCasesAreChecked) {
  EXPECT_EQ(warnings("defn f b = { case b of { True -> { 1 } } }\n"
                     "defn g n = { case n of { 0 -> { 1 } 1 -> { 2 } } }\n"
                     "defn h n = { let { defn k x = { case x of { False -> "
                     "{ 0 } } } } in { \\y -> { k (y == n) } } }\n"
                     "defn main = { f True + g 0 + h 1 2 }\n"),
            (Errors{"1:14: warning: non-exhaustive case on 'Bool': no "
                    "branch for 'False' [-Wincomplete-patterns]",
                    "2:14: warning: non-exhaustive case on 'Int': no branch "
                    "for other numbers [-Wincomplete-patterns]",
                    "3:33: warning: non-exhaustive case on 'Bool': no "
                    "branch for 'True' [-Wincomplete-patterns]"}));
}

TEST(Coverage, WerrorMakesTheWarningAnError) {
  EXPECT_EQ(warnings("defn f b = { case b of { True -> { 1 } } }\n"
                     "defn main = { f True }\n",
                     /*asErrors=*/true),
            (Errors{"1:14: error: non-exhaustive case on 'Bool': no branch "
                    "for 'False' [-Werror,-Wincomplete-patterns]"}));
}

} // namespace
} // namespace lazyc
