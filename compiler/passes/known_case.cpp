//===- known_case.cpp - A case whose scrutinee is known -------------------===//
//
// `case Cons a b of { Nil -> e1; Cons x xs -> e2 }` is `let x = a; xs = b in
// e2`, and `case 3 of { 3 -> e }` is e: the scrutinee is already in weak
// head normal form, so skipping its evaluation changes nothing, and a let
// binds the fields as lazily as the constructor held them. A case no
// alternative of which matches stays, to fail at run time as it must.
//
//===----------------------------------------------------------------------===//

#include "passes/passes.h"

namespace lazyc::passes {

namespace {

/// The constructor a scrutinee is built with, and its fields, if known.
struct KnownScrutinee {
  enum class Kind { Unknown, Constructor, Number } kind = Kind::Unknown;
  uint32_t ctor = 0;
  int64_t value = 0;
  std::vector<core::ExprPtr> *fields = nullptr;
};

KnownScrutinee inspect(const core::Program &program, core::Expr &e) {
  KnownScrutinee known;
  if (auto *number = llvm::dyn_cast<core::Int>(&e)) {
    known.kind = KnownScrutinee::Kind::Number;
    known.value = number->value;
  } else if (auto *ctor = llvm::dyn_cast<core::Ctor>(&e)) {
    if (program.constructors[ctor->id].arity == 0) {
      known.kind = KnownScrutinee::Kind::Constructor;
      known.ctor = ctor->id;
    }
  } else if (auto *app = llvm::dyn_cast<core::App>(&e)) {
    auto *ctor = llvm::dyn_cast<core::Ctor>(app->fun.get());
    if (ctor && program.constructors[ctor->id].arity == app->args.size()) {
      known.kind = KnownScrutinee::Kind::Constructor;
      known.ctor = ctor->id;
      known.fields = &app->args;
    }
  }
  return known;
}

bool matches(const core::Alt &alt, const KnownScrutinee &known) {
  switch (alt.kind) {
  case core::Alt::Kind::Default:
    return true;
  case core::Alt::Kind::Ctor:
    return known.kind == KnownScrutinee::Kind::Constructor &&
           alt.ctor == known.ctor;
  case core::Alt::Kind::Int:
    return known.kind == KnownScrutinee::Kind::Number &&
           alt.value == known.value;
  }
  return false;
}

void rewrite(const core::Program &program, core::ExprPtr &e) {
  core::forEachChild(*e,
                     [&](core::ExprPtr &child) { rewrite(program, child); });
  auto *c = llvm::dyn_cast<core::Case>(e.get());
  if (!c)
    return;
  KnownScrutinee known = inspect(program, *c->scrutinee);
  if (known.kind == KnownScrutinee::Kind::Unknown)
    return;
  for (core::Alt &alt : c->alts) {
    if (!matches(alt, known))
      continue;
    std::vector<core::Binding> bindings;
    if (alt.kind == core::Alt::Kind::Ctor && known.fields)
      for (size_t i = 0; i < alt.fields.size(); ++i)
        if (alt.fields[i])
          bindings.push_back({alt.fields[i], std::move((*known.fields)[i])});
    if (alt.binder)
      bindings.push_back({alt.binder, std::move(c->scrutinee)});
    core::ExprPtr body = std::move(alt.body);
    e = bindings.empty()
            ? std::move(body)
            : std::make_unique<core::Let>(std::move(bindings), std::move(body));
    return;
  }
}

} // namespace

void caseOfKnownConstructor(core::Program &program) {
  for (core::Function &f : program.functions)
    rewrite(program, f.body);
}

} // namespace lazyc::passes
