//! Types as text, the way a reader writes them (`Option<types::Pet>`, `&'a str`, `impl Into<String>`), and the
//! item paths they name, for the surface's comparisons and its reachability.

use std::collections::BTreeSet;
use syn::ext::IdentExt;

/// Writes types of one module as text and collects the paths they name.
pub(crate) struct TypeText<'t> {
    /// The module the types are written in (`server::list_pets`).
    module: &'t str,
    /// The crate's top-level modules: a path that starts with one is absolute (`types::Pet` from `client`).
    top: &'t BTreeSet<String>,
    /// The paths named since the last [`std::mem::take`], resolved against the module.
    pub refs: Vec<String>,
    /// The paths a signature's arguments name.
    pub inputs: Vec<String>,
    /// The paths a signature's return type names.
    pub outputs: Vec<String>,
}

impl<'t> TypeText<'t> {
    /// Types written in `module` of a crate whose top-level modules are `top`.
    pub fn new(module: &'t str, top: &'t BTreeSet<String>) -> Self {
        TypeText { module, top, refs: Vec::new(), inputs: Vec::new(), outputs: Vec::new() }
    }

    /// `ty` as text; the paths it names are added to [`TypeText::refs`].
    pub fn ty(&mut self, ty: &syn::Type) -> String {
        let mut out = String::new();
        self.write(ty, &mut out);
        out
    }

    /// The item path a path written in the module names: `crate::`, `self::` and `super::` followed, a path
    /// starting with a top-level module taken as it is, anything else relative to the module.
    pub fn resolve(&self, segments: &[String]) -> String {
        let mut base: Vec<&str> = if self.module.is_empty() { Vec::new() } else { self.module.split("::").collect() };
        let mut rest = segments;
        match rest.first().map(String::as_str) {
            Some("crate") => {
                base.clear();
                rest = &rest[1..];
            }
            Some("self") => rest = &rest[1..],
            Some("super") => {
                while rest.first().is_some_and(|s| s == "super") {
                    base.pop();
                    rest = &rest[1..];
                }
            }
            Some(first) if rest.len() > 1 && self.top.contains(first) => base.clear(),
            _ => {}
        }
        let mut all: Vec<&str> = base;
        all.extend(rest.iter().map(String::as_str));
        all.join("::")
    }

    fn write(&mut self, ty: &syn::Type, out: &mut String) {
        match ty {
            syn::Type::Path(p) => {
                if let Some(q) = &p.qself {
                    out.push('<');
                    self.write(&q.ty, out);
                    out.push_str(" as ..>::");
                }
                self.path(&p.path, out);
            }
            syn::Type::Reference(r) => {
                out.push('&');
                if let Some(l) = &r.lifetime {
                    out.push_str(&format!("'{} ", l.ident));
                }
                if r.mutability.is_some() {
                    out.push_str("mut ");
                }
                self.write(&r.elem, out);
            }
            syn::Type::Slice(s) => {
                out.push('[');
                self.write(&s.elem, out);
                out.push(']');
            }
            syn::Type::Array(a) => {
                out.push('[');
                self.write(&a.elem, out);
                out.push_str("; ");
                out.push_str(&expr_text(&a.len));
                out.push(']');
            }
            syn::Type::Tuple(t) => {
                out.push('(');
                for (i, elem) in t.elems.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    self.write(elem, out);
                }
                if t.elems.len() == 1 {
                    out.push(',');
                }
                out.push(')');
            }
            syn::Type::ImplTrait(t) => {
                out.push_str("impl ");
                self.bounds(t.bounds.iter(), out);
            }
            syn::Type::TraitObject(t) => {
                out.push_str("dyn ");
                self.bounds(t.bounds.iter(), out);
            }
            syn::Type::Paren(p) => {
                out.push('(');
                self.write(&p.elem, out);
                out.push(')');
            }
            syn::Type::Group(g) => self.write(&g.elem, out),
            syn::Type::Never(_) => out.push('!'),
            syn::Type::Infer(_) => out.push('_'),
            syn::Type::Ptr(p) => {
                out.push_str(if p.mutability.is_some() { "*mut " } else { "*const " });
                self.write(&p.elem, out);
            }
            syn::Type::BareFn(f) => {
                out.push_str("fn(");
                for (i, arg) in f.inputs.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    self.write(&arg.ty, out);
                }
                out.push(')');
                self.return_type(&f.output, out);
            }
            syn::Type::Macro(m) => {
                self.path(&m.mac.path, out);
                out.push_str("!(..)");
            }
            _ => out.push_str(".."),
        }
    }

    fn path(&mut self, path: &syn::Path, out: &mut String) {
        if path.leading_colon.is_some() {
            out.push_str("::");
        }
        let mut segments = Vec::new();
        for (i, segment) in path.segments.iter().enumerate() {
            if i > 0 {
                out.push_str("::");
            }
            let name = segment.ident.unraw().to_string();
            out.push_str(&name);
            segments.push(name);
            match &segment.arguments {
                syn::PathArguments::None => {}
                syn::PathArguments::AngleBracketed(args) => {
                    out.push('<');
                    for (i, arg) in args.args.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        self.generic(arg, out);
                    }
                    out.push('>');
                }
                syn::PathArguments::Parenthesized(args) => {
                    out.push('(');
                    for (i, input) in args.inputs.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        self.write(input, out);
                    }
                    out.push(')');
                    self.return_type(&args.output, out);
                }
            }
        }
        self.refs.push(self.resolve(&segments));
    }

    fn generic(&mut self, arg: &syn::GenericArgument, out: &mut String) {
        match arg {
            syn::GenericArgument::Lifetime(l) => out.push_str(&format!("'{}", l.ident)),
            syn::GenericArgument::Type(t) => self.write(t, out),
            syn::GenericArgument::Const(e) => out.push_str(&expr_text(e)),
            syn::GenericArgument::AssocType(a) => {
                out.push_str(&format!("{} = ", a.ident));
                self.write(&a.ty, out);
            }
            syn::GenericArgument::AssocConst(a) => out.push_str(&format!("{} = {}", a.ident, expr_text(&a.value))),
            syn::GenericArgument::Constraint(c) => {
                out.push_str(&format!("{}: ", c.ident));
                self.bounds(c.bounds.iter(), out);
            }
            _ => out.push_str(".."),
        }
    }

    fn bounds<'b>(&mut self, bounds: impl Iterator<Item = &'b syn::TypeParamBound>, out: &mut String) {
        for (i, bound) in bounds.enumerate() {
            if i > 0 {
                out.push_str(" + ");
            }
            match bound {
                syn::TypeParamBound::Trait(t) => {
                    if matches!(t.modifier, syn::TraitBoundModifier::Maybe(_)) {
                        out.push('?');
                    }
                    self.path(&t.path, out);
                }
                syn::TypeParamBound::Lifetime(l) => out.push_str(&format!("'{}", l.ident)),
                _ => out.push_str(".."),
            }
        }
    }

    fn return_type(&mut self, ret: &syn::ReturnType, out: &mut String) {
        if let syn::ReturnType::Type(_, ty) = ret {
            out.push_str(" -> ");
            self.write(ty, out);
        }
    }
}

/// An array length or const argument: a literal or a path as written, anything else `_`.
fn expr_text(expr: &syn::Expr) -> String {
    match expr {
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. }) => i.base10_digits().to_owned(),
        syn::Expr::Path(p) => {
            p.path.segments.iter().map(|s| s.ident.unraw().to_string()).collect::<Vec<_>>().join("::")
        }
        _ => "_".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(module: &str, ty: &str) -> (String, Vec<String>) {
        let top: BTreeSet<String> = ["types", "client", "server"].map(str::to_owned).into();
        let mut t = TypeText::new(module, &top);
        let parsed: syn::Type = syn::parse_str(ty).expect("a type");
        let out = t.ty(&parsed);
        (out, t.refs)
    }

    #[test]
    fn types_are_written_as_a_reader_writes_them() {
        for ty in [
            "Option<types::Pet>",
            "&'a str",
            "&mut [u8]",
            "impl Into<String>",
            "impl IntoIterator<Item = impl Into<String>>",
            "impl Future<Output = list_pets::Response> + Send",
            "oagen_runtime::Tristate<Box<Message>>",
            "(i64, String)",
            "[u8; 16]",
            "Box<dyn Fn(i64) -> bool + Send>",
            "r#type::Item",
        ] {
            let expected = ty.replace("r#", "");
            assert_eq!(text("client", ty).0, expected);
        }
    }

    #[test]
    fn paths_are_resolved_against_the_module() {
        assert_eq!(text("client", "Vec<types::Pet>").1, ["types::Pet", "client::Vec"]);
        assert_eq!(text("server::list_pets", "list_pets::Response").1, ["server::list_pets::list_pets::Response"]);
        assert_eq!(text("server::list_pets", "super::list_pets::Response").1, ["server::list_pets::Response"]);
        assert_eq!(text("server", "list_pets::Response").1, ["server::list_pets::Response"]);
        assert_eq!(text("types", "Kind").1, ["types::Kind"]);
        assert_eq!(text("client", "crate::types::Kind").1, ["types::Kind"]);
    }
}
