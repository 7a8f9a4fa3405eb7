//===- free_variables_test.cpp - Tests of what function bodies use --------===//

#include "compiler_test_support.h"

#include <gtest/gtest.h>

namespace lazyc {
namespace {

using test::Compilation;

/// The free variables recorded for the body of every local definition and
/// lambda, as "LINE:COL: a b c" (where the body starts, then the binders'
/// names), sorted by position.
std::vector<std::string> freeVariables(llvm::StringRef text) {
  Compilation c(text);
  c.runTo(Compilation::Phase::Names);
  c.expectNoErrors("checkNames");
  std::vector<std::pair<const char *, std::string>> found;
  for (const auto &[body, binders] : c.symbols.freeVariables) {
    std::string line = c.position(body->loc()) + ":";
    for (const Name *b : binders)
      line += " " + b->text;
    found.push_back({body->loc().getPointer(), line});
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto &f : found)
    out.push_back(f.second);
  return out;
}

TEST(FreeVariables, ParametersAndLocalBindersAreNotFreeTopLevelFunctionsNever) {
  EXPECT_EQ(freeVariables("defn g x = { x }\n"
                          "defn main = { (\\a b -> { g a + b }) 1 2 }"),
            (std::vector<std::string>{"2:26:"}));
}

TEST(FreeVariables, ALambdaUsesWhatEnclosesItInOrderOfFirstUse) {
  EXPECT_EQ(freeVariables("defn f x y = { \\z -> { y + x + y + z } }\n"
                          "defn main = { f 1 2 3 }"),
            (std::vector<std::string>{"1:24: y x"}));
}

TEST(FreeVariables, ALetDefinitionUsesItselfItsSiblingsAndWhatEnclosesIt) {
  EXPECT_EQ(freeVariables("defn main = { let { defn even n = { if n == 0 "
                          "then { 1 } else { odd (n - 1) } }\n"
                          "defn odd n = { if n == 0 then { k } else { even "
                          "(n - 1) } } defn k = { 0 } } in { even 4 } }"),
            (std::vector<std::string>{"1:37: odd", "2:16: k even", "2:72:"}));
}

TEST(FreeVariables, PatternVariablesAndInnerDefinitionsAreBoundInside) {
  EXPECT_EQ(freeVariables("data P = { P Int Int }\n"
                          "defn main = { let { defn f p = { case p of { "
                          "P a b -> { let { defn g = { a + q } } in { g } } } "
                          "} defn q = { 1 } } in { f (P 1 2) } }"),
            (std::vector<std::string>{"2:34: q", "2:74: a q", "2:110:"}));
}

} // namespace
} // namespace lazyc
