//===- gcompile.h - Core to G-machine code ----------------------*- C++ -*-===//
//
// Compiles every Core function to a supercombinator with the compilation
// schemes of Peyton Jones and Lester: R (a function's body, in tail
// position), E (a strict context: evaluate to weak head normal form), B (a
// strict context of type Int or Bool: the value, unboxed, on the value
// stack) and C (a lazy context: build the graph).
//
// The strict scheme (the default) does the work in the code itself:
//   - arithmetic, comparisons and the scrutinee of a case on a number or a
//     comparison run on unboxed values; a function whose result is an Int
//     or a Bool returns it unboxed (ReturnInt; a Bool as 0 or 1), a case on
//     a call of one takes the value, and a case binds a number it matched
//     as an unboxed value;
//   - a call of a known function with all its arguments is a direct call in
//     a strict context (Call, CallInt), a jump in tail position (TailCall),
//     and a thunk node of the call in a lazy one (MkThunk), never a spine
//     of applications; an unknown or partial application is a spine;
//   - an operator or a case in a lazy position becomes a thunk of a
//     supercombinator of the variables it uses (owner$thunk1, owner$case1),
//     unless it is cheap and safe to compute at once: arithmetic other than
//     division on numbers already evaluated, computed eagerly (speculation),
//     which is indistinguishable from computing it later;
//   - a variable evaluated once is known evaluated in the code it dominates;
//   - a function with unboxed parameters (Function::unboxed) is compiled
//     as a worker, $wNAME, whose code finds those on V, and a wrapper under
//     its own name; known calls in strict contexts and tail position call
//     the worker, computing those arguments with B, and everything else
//     (thunks, partial applications, unknown calls) reaches the wrapper.
// The plain scheme (-fno-strict) is the original G-machine: spines for every
// application, the unwind loop for every call, operators as supercombinators
// of their own when used lazily, boxed results. The two check each other.
//
// Either way a let's local values are built once and shared: into holes of
// the frame (Alloc, then Update) when they refer to each other, directly
// when not.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_GCOMPILE_H
#define LAZYC_GCOMPILE_H

#include "core.h"
#include "gmachine.h"

namespace lazyc {

struct SchemeOptions {
  bool strict = true; // false: the plain G-machine scheme
};

GProgram compileProgram(const core::Program &program,
                        const SchemeOptions &options = {});

} // namespace lazyc

#endif
