//===- gmachine.cpp - G-machine code --------------------------------------===//

#include "gmachine.h"

namespace lazyc {

StackEffect stackEffect(const Instruction &i, const GProgram &program) {
  auto arityOf = [&](int64_t global) {
    return unsigned(program.globals[size_t(global)].arity);
  };
  auto nodesOf = [&](int64_t global) {
    return program.globals[size_t(global)].nodeParams();
  };
  auto valuesOf = [&](int64_t global) {
    return program.globals[size_t(global)].valueParams();
  };
  unsigned n = unsigned(i.n);
  switch (i.op) {
  case Op::Push:
  case Op::PushGlobal:
  case Op::PushInt:
    return {0, 1, 0, 0};
  case Op::MkApp:
  case Op::MkPap:
    return {2, 1, 0, 0};
  case Op::MkThunk:
    return {arityOf(i.n), 1, 0, 0};
  case Op::Call:
    return {nodesOf(i.n), 1, valuesOf(i.n), 0};
  case Op::Pack:
    return {n, 1, 0, 0};
  case Op::Split:
    return {1, n, 0, 0};
  case Op::Slide:
    return {n + i.keep, i.keep, 0, 0};
  case Op::Pop:
    return {n, 0, 0, 0};
  case Op::Alloc:
    return {0, n, 0, 0};
  case Op::Update:
    return {1, 0, 0, 0};
  case Op::Apply:
    return {n + 1, 1, 0, 0};
  case Op::TailApply:
    return {n + 1, 0, 0, 0};
  case Op::Eval:
  case Op::Clear:
    return {};
  case Op::CallInt:
    return {nodesOf(i.n), 0, valuesOf(i.n), 1};
  case Op::TailCall:
    return {nodesOf(i.n), 0, valuesOf(i.n), 0};
  case Op::Return:
    return {1, 0, 0, 0};
  case Op::ReturnInt:
    return {0, 0, 1, 0};
  case Op::PushBasic:
  case Op::PushV:
    return {0, 0, 0, 1};
  case Op::PopV:
    return {0, 0, n, 0};
  case Op::SlideV:
    return {0, 0, n + 1, 1};
  case Op::Get:
  case Op::Tag:
    return {1, 0, 0, 1};
  case Op::MkInt:
  case Op::MkBool:
    return {0, 1, 1, 0};
  case Op::PrimOp:
    return {0, 0, 2, 1};
  case Op::Jump:
    return {0, 0, i.on == Instruction::On::Constructor ? 0u : 1u, 0};
  }
  return {};
}

namespace {

const char *name(Op op) {
  switch (op) {
  case Op::Push:
    return "Push";
  case Op::PushGlobal:
    return "PushGlobal";
  case Op::PushInt:
    return "PushInt";
  case Op::MkApp:
    return "MkApp";
  case Op::MkPap:
    return "MkPap";
  case Op::MkThunk:
    return "MkThunk";
  case Op::Pack:
    return "Pack";
  case Op::Split:
    return "Split";
  case Op::Slide:
    return "Slide";
  case Op::Pop:
    return "Pop";
  case Op::Alloc:
    return "Alloc";
  case Op::Update:
    return "Update";
  case Op::Eval:
    return "Eval";
  case Op::Clear:
    return "Clear";
  case Op::Apply:
    return "Apply";
  case Op::Call:
    return "Call";
  case Op::CallInt:
    return "CallInt";
  case Op::TailCall:
    return "TailCall";
  case Op::TailApply:
    return "TailApply";
  case Op::Return:
    return "Return";
  case Op::ReturnInt:
    return "ReturnInt";
  case Op::PushBasic:
    return "PushBasic";
  case Op::PushV:
    return "PushV";
  case Op::PopV:
    return "PopV";
  case Op::SlideV:
    return "SlideV";
  case Op::Get:
    return "Get";
  case Op::Tag:
    return "Tag";
  case Op::MkInt:
    return "MkInt";
  case Op::MkBool:
    return "MkBool";
  case Op::PrimOp:
    return "PrimOp";
  case Op::Jump:
    return "Jump";
  }
  return "?";
}

class Printer {
public:
  Printer(const GProgram &program, llvm::raw_ostream &os)
      : program(program), os(os) {}

  void print(const Code &code, unsigned indent) {
    for (const Instruction &i : code) {
      os.indent(indent);
      printInstruction(i, indent);
    }
  }

private:
  const GProgram &program;
  llvm::raw_ostream &os;

  void printInstruction(const Instruction &i, unsigned indent) {
    os << name(i.op);
    switch (i.op) {
    case Op::PushGlobal:
    case Op::MkThunk:
    case Op::Call:
    case Op::CallInt:
    case Op::TailCall:
      os << ' ' << program.globals[size_t(i.n)].name;
      break;
    case Op::Pack:
      os << ' ' << program.constructors[i.ctor].name << ' ' << i.n;
      break;
    case Op::Slide:
      os << ' ' << i.n;
      if (i.keep != 1)
        os << " below " << i.keep;
      break;
    case Op::PrimOp:
      os << ' ' << spelling(i.binop);
      break;
    case Op::Jump:
      printJump(i, indent);
      return;
    case Op::MkApp:
    case Op::MkPap:
    case Op::Return:
    case Op::ReturnInt:
    case Op::Get:
    case Op::Tag:
    case Op::MkInt:
    case Op::MkBool:
      break;
    default:
      os << ' ' << i.n;
      break;
    }
    os << '\n';
  }

  void printJump(const Instruction &i, unsigned indent) {
    static const char *const on[] = {"", " on Int", " on Bool"};
    os << on[int(i.on)] << '\n';
    for (const JumpBranch &b : i.branches) {
      os.indent(indent + 2);
      if (!b.key)
        os << '_';
      else if (i.on == Instruction::On::Constructor)
        os << program.constructors[size_t(*b.key)].name;
      else if (i.on == Instruction::On::Bool)
        os << (*b.key ? "True" : "False");
      else
        os << *b.key;
      os << ":\n";
      print(b.code, indent + 4);
    }
  }
};

} // namespace

void print(const GProgram &program, llvm::raw_ostream &os) {
  Printer printer(program, os);
  for (const Supercombinator &sc : program.globals) {
    os << sc.name << " (arity " << sc.arity;
    if (sc.isWorker()) {
      os << ", unboxed";
      for (size_t i = 0; i < sc.unboxed.size(); ++i)
        if (sc.unboxed[i])
          os << ' ' << i + 1;
    }
    if (sc.intResult)
      os << (sc.boolResult ? ", Bool result" : ", Int result");
    os << "):\n";
    printer.print(sc.code, 2);
  }
}

} // namespace lazyc
