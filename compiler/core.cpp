//===- core.cpp - The Core IR ---------------------------------------------===//

#include "core.h"

#include "names.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"

namespace lazyc::core {

Var *Function::newVar(std::string varName, TypeRef varType) {
  vars.push_back(std::make_unique<Var>(
      Var{std::move(varName), unsigned(vars.size()), std::move(varType)}));
  return vars.back().get();
}

TypeRef resultType(const TypeRef &type, unsigned arity) {
  TypeRef t = resolve(type);
  for (unsigned i = 0; i < arity && t && t->kind == Type::Kind::Fun; ++i)
    t = resolve(t->to);
  return t;
}

static bool isTypeNamed(const TypeRef &type, const char *name) {
  TypeRef t = resolve(type);
  return t && t->kind == Type::Kind::Con && t->name == name;
}

bool isIntType(const TypeRef &type) { return isTypeNamed(type, IntTypeName); }

bool isBoolType(const TypeRef &type) { return isTypeNamed(type, BoolTypeName); }

void forEachChild(Expr &e, llvm::function_ref<void(ExprPtr &)> visit) {
  switch (e.kind()) {
  case Expr::Kind::Int:
  case Expr::Kind::Local:
  case Expr::Kind::Global:
  case Expr::Kind::Ctor:
    return;
  case Expr::Kind::App: {
    auto &app = llvm::cast<App>(e);
    visit(app.fun);
    for (ExprPtr &arg : app.args)
      visit(arg);
    return;
  }
  case Expr::Kind::PrimOp: {
    auto &op = llvm::cast<PrimOp>(e);
    visit(op.lhs);
    visit(op.rhs);
    return;
  }
  case Expr::Kind::Case: {
    auto &c = llvm::cast<Case>(e);
    visit(c.scrutinee);
    for (Alt &alt : c.alts)
      visit(alt.body);
    return;
  }
  case Expr::Kind::Let: {
    auto &let = llvm::cast<Let>(e);
    for (Binding &b : let.bindings)
      visit(b.value);
    visit(let.body);
    return;
  }
  }
}

namespace {

/// The variables an expression binds in its subexpressions.
void forEachBinder(const Expr &e, llvm::function_ref<void(Var *)> bind) {
  if (auto *c = llvm::dyn_cast<Case>(&e)) {
    for (const Alt &alt : c->alts) {
      for (Var *field : alt.fields)
        if (field)
          bind(field);
      if (alt.binder)
        bind(alt.binder);
    }
  } else if (auto *let = llvm::dyn_cast<Let>(&e)) {
    for (const Binding &b : let->bindings)
      bind(b.var);
  }
}

void collectFree(const Expr &e, llvm::DenseSet<const Var *> &bound,
                 llvm::DenseSet<const Var *> &seen, std::vector<Var *> &out) {
  if (auto *local = llvm::dyn_cast<Local>(&e)) {
    if (!bound.count(local->var) && seen.insert(local->var).second)
      out.push_back(local->var);
    return;
  }
  // Binders are unique within a function: once bound, always bound below.
  forEachBinder(e, [&](Var *v) { bound.insert(v); });
  forEachChild(const_cast<Expr &>(e),
               [&](ExprPtr &child) { collectFree(*child, bound, seen, out); });
}

} // namespace

std::vector<Var *> freeVariables(const Expr &e) {
  llvm::DenseSet<const Var *> bound, seen;
  std::vector<Var *> out;
  collectFree(e, bound, seen, out);
  return out;
}

bool isAtom(const Expr &e) {
  return llvm::isa<Local>(e) || llvm::isa<Int>(e) || llvm::isa<Global>(e) ||
         llvm::isa<Ctor>(e);
}

const Function *calledWithItsArguments(const Program &program, const App &app) {
  auto *global = llvm::dyn_cast<Global>(app.fun.get());
  if (!global)
    return nullptr;
  const Function &callee = program.functions[global->index];
  return callee.arity() > 0 && app.args.size() >= callee.arity() ? &callee
                                                                 : nullptr;
}

bool isRecursive(const Let &let) {
  llvm::DenseSet<const Var *> own;
  for (const Binding &b : let.bindings)
    own.insert(b.var);
  for (const Binding &b : let.bindings)
    for (const Var *v : freeVariables(*b.value))
      if (own.count(v))
        return true;
  return false;
}

// ---- Invariants -------------------------------------------------------------

namespace {

class Checker {
public:
  explicit Checker(const Program &program) : program(program) {}

  std::string run() {
    for (const Function &f : program.functions) {
      function = &f;
      inScope.clear();
      for (Var *p : f.params)
        inScope.insert(p);
      if (!f.body)
        return fail("has no body");
      check(*f.body);
      if (!problem.empty())
        return problem;
    }
    if (program.main >= program.functions.size())
      return "main is not a function of the program";
    return "";
  }

private:
  const Program &program;
  const Function *function = nullptr;
  llvm::DenseSet<const Var *> inScope;
  std::string problem;

  std::string fail(const std::string &what) {
    if (problem.empty())
      problem = function->name + ": " + what;
    return problem;
  }

  void check(const Expr &e) {
    switch (e.kind()) {
    case Expr::Kind::Local:
      if (!inScope.count(llvm::cast<Local>(e).var))
        fail("uses " + llvm::cast<Local>(e).var->name + " out of its scope");
      return;
    case Expr::Kind::Global:
      if (llvm::cast<Global>(e).index >= program.functions.size())
        fail("refers to a global that does not exist");
      return;
    case Expr::Kind::Ctor:
      if (llvm::cast<Ctor>(e).id >= program.constructors.size())
        fail("refers to a constructor that does not exist");
      return;
    case Expr::Kind::App: {
      auto &app = llvm::cast<App>(e);
      if (app.args.empty() || llvm::isa<App>(*app.fun))
        fail("has an application that is not flat");
      break;
    }
    case Expr::Kind::Case:
      checkAlternatives(llvm::cast<Case>(e));
      break;
    default:
      break;
    }
    forEachBinder(e, [&](Var *v) { inScope.insert(v); });
    forEachChild(const_cast<Expr &>(e), [&](ExprPtr &child) {
      if (!child)
        fail("has an empty subexpression");
      else
        check(*child);
    });
    forEachBinder(e, [&](Var *v) { inScope.erase(v); });
  }

  void checkAlternatives(const Case &c) {
    bool sawCtor = false, sawInt = false;
    for (size_t i = 0; i < c.alts.size(); ++i) {
      const Alt &alt = c.alts[i];
      sawCtor |= alt.kind == Alt::Kind::Ctor;
      sawInt |= alt.kind == Alt::Kind::Int;
      if (alt.kind == Alt::Kind::Default && i + 1 != c.alts.size())
        fail("has alternatives after a default");
      if (alt.kind == Alt::Kind::Ctor &&
          (alt.ctor >= program.constructors.size() ||
           alt.fields.size() != program.constructors[alt.ctor].arity))
        fail("has a constructor alternative of the wrong arity");
    }
    if (sawCtor && sawInt)
      fail("mixes constructor and integer alternatives");
  }
};

} // namespace

std::string checkProgram(const Program &program) {
  return Checker(program).run();
}

// ---- Printing ---------------------------------------------------------------

namespace {

class Printer {
public:
  Printer(const Program &program, llvm::raw_ostream &os)
      : program(program), os(os) {}

  void printFunction(const Function &f) {
    nameVariables(f);
    os << f.name << " :: " << TypePrinter().print(f.type) << '\n';
    if (!f.strict.empty()) { // as GHC's -ddump-stranal: S strict, L lazy
      os << "-- Str=";
      for (bool strict : f.strict)
        os << (strict ? "<S>" : "<L>");
      os << '\n';
    }
    if (!f.unboxed.empty()) { // the worker's unboxed parameters
      os << "-- Worker: " << workerName(f) << ", unboxed:";
      for (size_t i = 0; i < f.params.size(); ++i)
        if (f.unboxed[i])
          os << ' ' << name(f.params[i]);
      os << '\n';
    }
    os << f.name;
    for (Var *p : f.params)
      os << ' ' << name(p);
    os << " =";
    printBody(*f.body, 2);
    os << '\n';
  }

  void printExpr(const Expr &e) { print(e, 0, Context::Top); }

private:
  const Program &program;
  llvm::raw_ostream &os;
  llvm::DenseMap<const Var *, std::string> names;

  /// Where an expression stands decides its parentheses.
  enum class Context { Top, Operand, Argument };

  /// Variables print by name; a name given twice in one function gets its
  /// id as a suffix.
  void nameVariables(const Function &f) {
    names.clear();
    llvm::StringMap<unsigned> uses;
    for (const auto &v : f.vars)
      ++uses[v->name];
    for (const auto &v : f.vars)
      names[v.get()] =
          uses[v->name] > 1 ? v->name + "_" + std::to_string(v->id) : v->name;
  }

  std::string name(const Var *v) {
    if (!v)
      return "_";
    auto it = names.find(v);
    return it == names.end() ? v->name : it->second;
  }

  static bool isMultiLine(const Expr &e) {
    return llvm::isa<Case>(e) || llvm::isa<Let>(e);
  }

  /// After "=" or "->": on the same line if it fits one, else below.
  void printBody(const Expr &e, unsigned indent) {
    if (isMultiLine(e)) {
      os << '\n';
      os.indent(indent);
    } else {
      os << ' ';
    }
    print(e, indent, Context::Top);
  }

  void print(const Expr &e, unsigned indent, Context context) {
    bool parens = (context != Context::Top && isMultiLine(e)) ||
                  (context == Context::Argument &&
                   (llvm::isa<App>(e) || llvm::isa<PrimOp>(e) ||
                    (llvm::isa<Int>(e) && llvm::cast<Int>(e).value < 0))) ||
                  (context == Context::Operand && llvm::isa<PrimOp>(e));
    if (parens)
      os << '(';
    switch (e.kind()) {
    case Expr::Kind::Int:
      os << llvm::cast<Int>(e).value;
      break;
    case Expr::Kind::Local:
      os << name(llvm::cast<Local>(e).var);
      break;
    case Expr::Kind::Global:
      os << program.functions[llvm::cast<Global>(e).index].name;
      break;
    case Expr::Kind::Ctor:
      os << program.constructors[llvm::cast<Ctor>(e).id].name;
      break;
    case Expr::Kind::App: {
      auto &app = llvm::cast<App>(e);
      print(*app.fun, indent, Context::Argument);
      for (const ExprPtr &arg : app.args) {
        os << ' ';
        print(*arg, indent, Context::Argument);
      }
      break;
    }
    case Expr::Kind::PrimOp: {
      auto &op = llvm::cast<PrimOp>(e);
      print(*op.lhs, indent, Context::Operand);
      os << ' ' << spelling(op.op) << ' ';
      print(*op.rhs, indent, Context::Operand);
      break;
    }
    case Expr::Kind::Case:
      printCase(llvm::cast<Case>(e), indent);
      break;
    case Expr::Kind::Let:
      printLet(llvm::cast<Let>(e), indent);
      break;
    }
    if (parens)
      os << ')';
  }

  void printCase(const Case &c, unsigned indent) {
    os << "case ";
    print(*c.scrutinee, indent + 5, Context::Top);
    os << " of";
    for (const Alt &alt : c.alts) {
      os << '\n';
      os.indent(indent + 2);
      switch (alt.kind) {
      case Alt::Kind::Ctor:
        os << program.constructors[alt.ctor].name;
        for (Var *field : alt.fields)
          os << ' ' << name(field);
        break;
      case Alt::Kind::Int:
        os << alt.value;
        break;
      case Alt::Kind::Default:
        os << name(alt.binder);
        break;
      }
      os << " ->";
      printBody(*alt.body, indent + 4);
    }
  }

  void printLet(const Let &let, unsigned indent) {
    os << "let";
    for (const Binding &b : let.bindings) {
      os << '\n';
      os.indent(indent + 2);
      os << name(b.var) << " =";
      printBody(*b.value, indent + 4);
    }
    os << '\n';
    os.indent(indent);
    os << "in ";
    print(*let.body, indent + 3, Context::Top);
  }
};

} // namespace

void print(const Program &program, llvm::raw_ostream &os) {
  Printer printer(program, os);
  for (size_t i = 0; i < program.functions.size(); ++i) {
    if (i)
      os << '\n';
    printer.printFunction(program.functions[i]);
  }
}

void print(const Program &program, const Expr &e, llvm::raw_ostream &os) {
  Printer(program, os).printExpr(e);
}

} // namespace lazyc::core
