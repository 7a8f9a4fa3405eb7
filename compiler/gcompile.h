//===- gcompile.h - Syntax tree to G-machine code ---------------*- C++ -*-===//
//
// Compiles every function and constructor to a supercombinator, with the
// compilation schemes of Peyton Jones and Lester: R (a function body: build or
// evaluate the result, Update, Pop, Unwind), E (evaluate to weak head normal
// form; arithmetic and case run inline) and C (build the graph lazily). A case
// in a lazy position is lifted into a supercombinator of its free variables.
// Operators and constructors used as values get supercombinators of their
// own, which leave the stack as they found it (Update, Pop).
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_GCOMPILE_H
#define LAZYC_GCOMPILE_H

#include "ast.h"
#include "gmachine.h"
#include "names.h"

namespace lazyc {

GProgram compileProgram(const Program &program, const SymbolTable &symbols);

} // namespace lazyc

#endif
