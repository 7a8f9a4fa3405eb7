//===- coverage.h - Warnings for cases that miss constructors ---*- C++ -*-===//
//
// Warns, as GHC's -Wincomplete-patterns does, about every `case` whose
// branches may let a value through: no variable or `_` branch, and some
// constructor of the scrutinee's data type (or, on an Int, any number) with
// no branch of its own. Such a case is a runtime error ("no matching case
// branch") when that value comes; the warning names what is missing.
// Runs on a program that passed checkNames.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_COVERAGE_H
#define LAZYC_COVERAGE_H

#include "ast.h"
#include "diagnostics.h"
#include "names.h"

namespace lazyc {

/// The flag of the warning: -Wno-incomplete-patterns turns it off.
inline constexpr const char *IncompletePatternsFlag = "incomplete-patterns";

void checkCoverage(const Program &program, const SymbolTable &symbols,
                   Diagnostics &diags);

} // namespace lazyc

#endif
