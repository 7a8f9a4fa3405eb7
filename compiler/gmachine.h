//===- gmachine.h - G-machine code ------------------------------*- C++ -*-===//
//
// The instruction set of the G-machine (Peyton Jones and Lester, with the
// value stack and direct calls of their Mark 7), as plain data, and its
// printed form for --emit-gmachine: one instruction a line, the branches of
// a Jump indented under their key.
//
// A supercombinator's code runs with its arguments on the node stack (the
// first on top) and ends in Return (its result node, which may still need
// evaluating), ReturnInt (an Int or a Bool, for a function whose result is
// one) or TailCall. Its entry, which the runtime calls to reduce a redex, wraps
// the code and updates the redex root with the result; so the code itself never
// sees the root. The value stack (V) holds Ints and Bools (0 or 1) unboxed;
// the code generator keeps it in registers.
//
// A worker (passes/worker_wrapper.cpp) takes some of its arguments as
// unboxed Ints on V, the others on the node stack; only Call, CallInt and
// TailCall reach it. The function it works for is its wrapper: the same
// arguments as nodes, the ones the worker takes unboxed evaluated, then a
// TailCall of the worker.
//
// Invariants (checked by the code generator and the test interpreter):
//   - every path through a body ends in Return, ReturnInt, TailCall or
//     TailApply (which a function with an Int result does not use);
//   - the branches of a Jump that do not end so continue after it, all with
//     the same node and value stack depths;
//   - no instruction reads a slot after Clear has emptied it;
//   - Call, CallInt, TailCall and MkThunk name a global of arity >= 1, and
//     CallInt and a TailCall in a function with an Int result name one whose
//     result is an Int too;
//   - no PushGlobal or MkThunk names a worker.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_GMACHINE_H
#define LAZYC_GMACHINE_H

#include "ast.h"

#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lazyc {

enum class Op {
  // The node stack. Offsets count from the top, the top being 0.
  Push,       // n: push the node at offset n
  PushGlobal, // n: push global n's node (a function, or a CAF to evaluate)
  PushInt,    // n: push a new number node
  MkApp,      // pop f and x, push App(f, x)
  MkPap,      // the same, for an application known to lack arguments: a
              //    value, which evaluation need not look at
  MkThunk,    // n: pop global n's arguments (the first on top), push a thunk
              //    of the call
  Pack,       // ctor, n: pop n fields (field 0 on top) into a constructor
  Split,      // n: replace a constructor node by its n fields, field 0 on top
  Slide,      // n: keep the top (the top `keep` nodes), drop the n nodes
              //    below it
  Pop,        // n: drop n nodes
  Alloc,      // n: push n holes for a let's values
  Update,     // n: pop v, fill the hole at offset n with v
  Eval,       // n: evaluate the node at offset n to weak head normal form, in
              //    place
  Clear,      // n: empty the slot at offset n, whose node the code does not
              //    use again: the collector need not keep it meanwhile
  // Calls.
  Apply,     // n: pop a function and its n arguments (the first below it,
             //    then the others), push the value of the call (evaluated)
  Call,      // n: pop global n's arguments (a worker's unboxed ones from
             //    V), push its value (evaluated)
  CallInt,   // n: pop global n's arguments, push its Int value on V
  TailCall,  // n: the arguments of global n are on top (of both stacks):
             //    its result is this function's result
  TailApply, // n: a function on top, its n arguments below: the result of
             //    the call is this function's result
  Return,    // the top node is the result
  ReturnInt, // the top of V is the result
  // The value stack V.
  PushBasic, // n: push n on V
  PushV,     // n: push the value at offset n of V
  PopV,      // n: drop n values
  SlideV,    // n: keep the top of V, drop the n values below it
  Get,       // pop an evaluated number node, push its value on V
  Tag,       // pop an evaluated False or True, push 0 or 1 on V
  MkInt,     // pop an Int from V, push a number node
  MkBool,    // pop a Bool from V, push False or True
  PrimOp,    // binop: pop b and a from V, push a op b
  // Control.
  Jump // branch on the constructor of the evaluated node on top (which
       // stays), or on the Int or Bool on top of V (which is popped)
};

struct Instruction;
using Code = std::vector<Instruction>;

struct JumpBranch {
  std::optional<int64_t> key; // a constructor id, number or 0/1; none: any
  Code code;
};

struct Instruction {
  enum class On { Constructor, Int, Bool }; // what a Jump branches on

  Instruction(Op op, int64_t n = 0) : op(op), n(n) {}
  static Instruction pack(uint32_t ctor, uint32_t arity) {
    Instruction i(Op::Pack, arity);
    i.ctor = ctor;
    return i;
  }
  static Instruction primOp(BinaryOp op) {
    Instruction i(Op::PrimOp);
    i.binop = op;
    return i;
  }
  static Instruction slide(unsigned n, unsigned keep) {
    Instruction i(Op::Slide, n);
    i.keep = keep;
    return i;
  }
  static Instruction jump(On on) {
    Instruction i(Op::Jump);
    i.on = on;
    return i;
  }

  Op op;
  int64_t n = 0;     // offset, count, value or global index
  uint32_t ctor = 0; // Pack
  uint32_t keep = 1; // Slide
  BinaryOp binop = BinaryOp::Add;
  On on = On::Constructor;          // Jump
  std::vector<JumpBranch> branches; // Jump
};

struct Supercombinator {
  std::string name;
  uint32_t arity;
  /// The code ends in ReturnInt, not Return: its result is an Int, or a
  /// Bool (0 or 1) if boolResult.
  bool intResult = false;
  Code code;
  /// A worker's parameters that are unboxed Ints, on V rather than on the
  /// node stack (the first on top, as the nodes); empty for any other
  /// supercombinator.
  std::vector<bool> unboxed;
  bool boolResult = false;

  bool isWorker() const { return !unboxed.empty(); }
  /// How many of the arguments are nodes, and how many values.
  unsigned nodeParams() const { return arity - valueParams(); }
  unsigned valueParams() const {
    unsigned count = 0;
    for (bool value : unboxed)
      count += value;
    return count;
  }
};

struct ConstructorEntry {
  std::string name;
  uint32_t arity;
};

struct GProgram {
  std::vector<Supercombinator> globals;
  std::vector<ConstructorEntry> constructors; // by constructor id
  uint32_t mainIndex = 0;
  bool mainIsReferenced = false;
};

/// How many nodes and values an instruction pops and pushes (a Jump's
/// branches not included).
struct StackEffect {
  unsigned popNodes = 0, pushNodes = 0, popValues = 0, pushValues = 0;
};
StackEffect stackEffect(const Instruction &i, const GProgram &program);

void print(const GProgram &program, llvm::raw_ostream &os);

} // namespace lazyc

#endif
