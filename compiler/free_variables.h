//===- free_variables.h - What function bodies use from outside -*- C++ -*-===//
//
// For the body of every local definition and lambda: the local binders it
// uses that are bound outside it. Lambda lifting passes them to the lifted
// function, and inference finds a let's recursive groups from them. Computed
// once, bottom-up, so that deep nesting costs time linear in the program
// (plus the size of the lists), not a walk of every body at every level.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_FREE_VARIABLES_H
#define LAZYC_FREE_VARIABLES_H

#include "ast.h"
#include "names.h"

namespace lazyc {

/// Fills symbols.freeVariables for a program that passed checkNames.
void findFreeVariables(const Program &program, SymbolTable &symbols);

} // namespace lazyc

#endif
