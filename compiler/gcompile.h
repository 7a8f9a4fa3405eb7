//===- gcompile.h - Syntax tree to G-machine code ---------------*- C++ -*-===//
//
// Compiles every function and constructor to a supercombinator, with the
// compilation schemes of Peyton Jones and Lester: R (a function body: build or
// evaluate the result, Update, Pop, Unwind), E (evaluate to weak head normal
// form; arithmetic, comparisons, case and if run inline) and C (build the
// graph lazily). Lambdas and local functions are lambda-lifted into
// supercombinators that take the variables they capture as their first
// arguments (named like map$lambda1 or main$double); a case or if in a lazy
// position is lifted the same way. A local value is built once into a node
// of the frame (Alloc, then Update), so every use shares it. Operators and
// constructors used as values get supercombinators of their own, which leave
// the stack as they found it (Update, Pop).
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
