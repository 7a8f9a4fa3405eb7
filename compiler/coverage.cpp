//===- coverage.cpp - Warnings for cases that miss constructors -----------===//

#include "coverage.h"

#include "llvm/ADT/StringSet.h"

namespace lazyc {

namespace {

/// A warning names at most this many missing constructors, then a count.
constexpr size_t NamedAtMost = 5;

class CoverageChecker {
public:
  CoverageChecker(const SymbolTable &symbols, Diagnostics &diags)
      : symbols(symbols), diags(diags) {}

  void check(const Expr &e) {
    if (auto *c = llvm::dyn_cast<CaseExpr>(&e))
      checkCase(*c);
    forEachChild(e, [this](const Expr &child) { check(child); });
  }

private:
  const SymbolTable &symbols;
  Diagnostics &diags;

  void checkCase(const CaseExpr &c) {
    llvm::StringSet<> matched;
    for (const Branch &b : c.branches) {
      switch (b.pattern.kind) {
      case Pattern::Kind::Var:
      case Pattern::Kind::Wildcard:
        return;
      case Pattern::Kind::Int:
        break;
      case Pattern::Kind::Ctor:
        matched.insert(b.pattern.name.text);
        break;
      }
    }
    const Pattern &first = c.branches.front().pattern;
    if (first.kind == Pattern::Kind::Int) {
      warn(c, IntTypeName, "other numbers");
      return;
    }
    const DataDef &type = *symbols.constructor(first.name.text)->type;
    std::string missing;
    size_t count = 0;
    for (const ConstructorDecl &ctor : type.constructors)
      if (!matched.count(ctor.name.text) && ++count <= NamedAtMost)
        missing += (count > 1 ? ", '" : "'") + ctor.name.text + "'";
    if (count > NamedAtMost)
      missing += " and " + std::to_string(count - NamedAtMost) + " more";
    if (count > 0)
      warn(c, type.name.text, missing);
  }

  void warn(const CaseExpr &c, llvm::StringRef type,
            const std::string &missing) {
    diags.warning(c.loc(),
                  "non-exhaustive case on '" + type + "': no branch for " +
                      missing,
                  IncompletePatternsFlag);
  }
};

} // namespace

void checkCoverage(const Program &program, const SymbolTable &symbols,
                   Diagnostics &diags) {
  CoverageChecker checker(symbols, diags);
  for (const FunctionDef &f : program.functions)
    checker.check(*f.body);
}

} // namespace lazyc
