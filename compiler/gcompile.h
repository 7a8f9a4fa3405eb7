//===- gcompile.h - Core to G-machine code ----------------------*- C++ -*-===//
//
// Compiles every Core function to a supercombinator with the compilation
// schemes of Peyton Jones and Lester: R (a function body: build or evaluate
// the result, Update, Pop, Unwind), E (evaluate to weak head normal form;
// arithmetic, comparisons and case run inline) and C (build the graph
// lazily). A case in a lazy position is lifted into a supercombinator of
// the variables it uses (owner$case1, owner$if1). A local value is built
// once into a node of the frame (Alloc, then Update), so every use shares
// it. Operators and constructors used as values get supercombinators of
// their own, which leave the stack as they found it (Update, Pop).
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_GCOMPILE_H
#define LAZYC_GCOMPILE_H

#include "core.h"
#include "gmachine.h"

namespace lazyc {

GProgram compileProgram(const core::Program &program);

} // namespace lazyc

#endif
