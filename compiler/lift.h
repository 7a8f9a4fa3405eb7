//===- lift.h - Lambda lifting: typed syntax tree to Core -------*- C++ -*-===//
//
// Turns the checked and typed program into Core. Every top-level function
// becomes a supercombinator (in program order, so main keeps its place);
// every lambda and every local function with parameters is lifted into a
// supercombinator of its own (named owner$lambda1, owner$double) that takes
// the variables it captures first: those it uses, and those of the local
// functions it calls. Local values stay in a Core let, so each is built once
// and shared. `if` becomes a case on Bool; alternatives that can never be
// taken (after a default, or repeating a constructor or number) are
// dropped. Names come resolved from the symbol table, types from inference.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_LIFT_H
#define LAZYC_LIFT_H

#include "ast.h"
#include "core.h"
#include "infer.h"
#include "names.h"

namespace lazyc {

core::Program lift(const Program &program, const SymbolTable &symbols,
                   const ProgramTypes &types);

} // namespace lazyc

#endif
