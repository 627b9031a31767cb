//! Schemas to types: `$ref`s become uses of named entries, `allOf` members merge into one struct, `oneOf`/`anyOf`
//! become unions (tagged when a property tells the members apart), string enums stay open to unlisted values.

use crate::naming::{self, Namespace, RESERVED_TYPE_NAMES};
use crate::types::*;
use oagen_runtime::formats;
use oagen_spec::{Additional, Diagnostic, Diagnostics, JsonType, Pointer, Schema, Spec};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Anonymous types are interned by shape so that each is stored once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Shape {
    Any,
    Primitive(Primitive),
    List(TypeRef),
    Map(TypeRef),
}

/// Where a schema is being lowered: the name an inline type gets, and the slot a component fills.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    name: String,
    slot: Option<TypeId>,
}

impl Ctx {
    /// Lowering an inline schema whose named types are called `name`.
    pub(crate) fn named(name: impl Into<String>) -> Self {
        Ctx { name: name.into(), slot: None }
    }

    fn slot(id: TypeId, name: String) -> Self {
        Ctx { name, slot: Some(id) }
    }
}

/// Builds the type arena for one spec.
pub(crate) struct Lowerer<'s> {
    spec: &'s Spec,
    pub(crate) space: TypeSpace,
    pub(crate) names: Namespace,
    pub(crate) diags: &'s mut Diagnostics,
    by_pointer: HashMap<String, TypeId>,
    /// Named entries that stand for a schema allowing `null`: every use of them is nullable.
    nullable_slots: HashSet<TypeId>,
    interned: HashMap<Shape, TypeId>,
    /// The type each schema of the document was lowered to, by its pointer ([`Lowerer::lower_in_place`]).
    in_place: HashMap<Pointer, TypeRef>,
    /// The struct of each object schema whose fields are being lowered, by the schema's pointer: a schema reached
    /// again from inside itself (an `allOf` that copies in the properties of a schema containing that `allOf`) is
    /// that struct, so the cycle closes instead of unrolling into a chain of copies.
    open_objects: HashMap<Pointer, TypeId>,
    components: HashMap<String, &'s Schema>,
    depth: usize,
    /// Whether an `allOf` of objects and a union is being spread over the union's members (not done again inside
    /// it: a member that reaches the same `allOf` would spread without end).
    spreading: bool,
}

const MAX_DEPTH: usize = 96;

impl<'s> Lowerer<'s> {
    pub(crate) fn new(spec: &'s Spec, diags: &'s mut Diagnostics) -> Self {
        // Keyed by where each is (in another document when `components.schemas` is itself a `$ref`).
        let components = spec.schemas.iter().map(|(_, s)| (s.pointer.as_str().to_owned(), s)).collect();
        Lowerer {
            spec,
            space: TypeSpace::default(),
            names: Namespace::with_reserved(RESERVED_TYPE_NAMES),
            diags,
            by_pointer: HashMap::new(),
            nullable_slots: HashSet::new(),
            interned: HashMap::new(),
            in_place: HashMap::new(),
            open_objects: HashMap::new(),
            components,
            depth: 0,
            spreading: false,
        }
    }

    /// Reserves a named entry for every component schema (so that references and names are stable), then lowers them.
    /// The schema at a local `$ref` target: a component, or a schema the document references elsewhere.
    pub(crate) fn component_or_referenced(&self, p: &Pointer) -> Option<&'s Schema> {
        self.components.get(p.as_str()).copied().or_else(|| self.spec.schema_at(p))
    }

    pub(crate) fn components(&mut self) {
        let mut slots = Vec::with_capacity(self.spec.schemas.len());
        for (name, schema) in &self.spec.schemas {
            let type_name = self.names.claim_type(&naming::type_name(name));
            let id = self.space.push(TypeDef {
                name: Some(type_name.clone()),
                kind: TypeKind::Any,
                docs: docs_of(schema),
                component: Some(name.clone()),
                pointer: schema.pointer.clone(),
            });
            self.by_pointer.insert(schema.pointer.as_str().to_owned(), id);
            if self.schema_nullable(schema, 0) {
                self.nullable_slots.insert(id);
            }
            slots.push((id, type_name, schema));
        }
        for (id, type_name, schema) in slots {
            self.lower(schema, Ctx::slot(id, type_name));
        }
    }

    /// Whether a schema allows `null` at the top (following references and single-member wrappers).
    fn schema_nullable(&self, s: &Schema, depth: usize) -> bool {
        if s.nullable {
            return true;
        }
        if depth > 16 {
            return false;
        }
        if let Some(r) = &s.reference {
            return Pointer::from_local_ref(r)
                .and_then(|p| self.components.get(p.as_str()))
                .is_some_and(|t| self.schema_nullable(t, depth + 1));
        }
        let members = if s.one_of.is_empty() { &s.any_of } else { &s.one_of };
        members.iter().any(is_null_schema)
    }

    /// Lowers a schema as it stands in the document (`s` is the normalised schema at `s.pointer`, not one made up
    /// while lowering), once: a schema reached again (a property inherited through `allOf`, a parameter or a
    /// response shared by operations) is the same type, named where it was first reached. This keeps lowering
    /// linear in the document.
    pub(crate) fn lower_in_place(&mut self, s: &Schema, ctx: impl FnOnce() -> Ctx) -> TypeRef {
        if let Some(ty) = self.in_place.get(&s.pointer) {
            return *ty;
        }
        let ty = self.lower(s, ctx());
        self.in_place.insert(s.pointer.clone(), ty);
        ty
    }

    /// Lowers a schema and returns the use of the resulting type.
    pub(crate) fn lower(&mut self, s: &Schema, ctx: Ctx) -> TypeRef {
        if ctx.slot.is_none() {
            if let Some(id) = self.open_objects.get(&s.pointer) {
                return TypeRef::to(*id).or_null(s.nullable);
            }
        }
        if self.depth > MAX_DEPTH {
            self.diags.push(
                Diagnostic::error(&s.pointer, "schema nesting too deep; taken as any JSON value").see("schema-nesting"),
            );
            return self.fill_or_anon(ctx, Shape::Any, s);
        }
        self.depth += 1;
        let r = self.lower_inner(s, ctx);
        self.depth -= 1;
        r
    }

    fn lower_inner(&mut self, s: &Schema, ctx: Ctx) -> TypeRef {
        if let Some(r) = &s.reference {
            let structural = self.spec.version == oagen_spec::SpecVersion::V3_1 && s.has_structure();
            if !structural {
                let target = self.ref_target(r);
                let used = match target {
                    Some(id) => TypeRef::to(id).or_null(self.nullable_slots.contains(&id)),
                    None => self.anon(Shape::Any),
                };
                let used = used.or_null(s.nullable);
                return match ctx.slot {
                    Some(slot) => {
                        self.set(slot, TypeKind::Alias(TypeRef { nullable: false, ..used }));
                        TypeRef::to(slot).or_null(used.nullable)
                    }
                    None => used,
                };
            }
            // 3.1: `$ref` with constraining siblings is the intersection of both.
            let mut rest = s.clone();
            rest.reference = None;
            let reference = Schema { reference: Some(r.clone()), ..Schema::any(s.pointer.clone()) };
            let combined = Schema {
                all_of: vec![reference, rest],
                description: s.description.clone(),
                nullable: s.nullable,
                ..Schema::any(s.pointer.clone())
            };
            return self.lower_all_of(&combined, ctx);
        }
        if s.never {
            self.diags.push(
                Diagnostic::warning(&s.pointer, "a schema that allows no value is taken as any JSON value").see("not"),
            );
            return self.fill_or_anon(ctx, Shape::Any, s);
        }
        if !s.all_of.is_empty() {
            return self.lower_all_of(s, ctx);
        }
        if !s.one_of.is_empty() || !s.any_of.is_empty() {
            return self.lower_union(s, ctx);
        }
        let nullable = s.nullable;
        if let Some(values) = &s.enum_values {
            let strings: Option<Vec<&str>> = values.iter().map(Value::as_str).collect();
            let string_typed = s.types.is_empty() || s.types == [JsonType::String];
            if let (Some(strings), true) = (strings, string_typed) {
                if !strings.is_empty() {
                    let listed: Vec<(String, Option<&str>)> = strings.iter().map(|w| ((*w).to_owned(), None)).collect();
                    return self.lower_enum(s, &listed, false, ctx).or_null(nullable);
                }
            }
            // An untyped `const`/`enum` of integers or of booleans (`{const: 1}`): a value of that type, not any JSON.
            if s.types.is_empty() && !values.is_empty() {
                let p = if values.iter().all(|v| v.is_i64() || v.is_u64()) {
                    Some(Primitive::I64)
                } else if values.iter().all(Value::is_boolean) {
                    Some(Primitive::Bool)
                } else {
                    None
                };
                if let Some(p) = p {
                    return self.fill_or_anon(ctx, Shape::Primitive(p), s).or_null(nullable);
                }
            }
        }
        let types: Vec<JsonType> = s.types.clone();
        let r = match types.as_slice() {
            [] if !s.properties.is_empty() || matches!(s.additional, Additional::Schema(_)) => {
                self.lower_object(s, ctx)
            }
            [] if s.items.is_some() => self.lower_array(s, ctx),
            [] => self.fill_or_anon(ctx, Shape::Any, s),
            [JsonType::Object] => self.lower_object(s, ctx),
            [JsonType::Array] => self.lower_array(s, ctx),
            [t] => {
                let p = self.primitive(*t, s);
                self.fill_or_anon(ctx, Shape::Primitive(p), s)
            }
            many => {
                // 3.1 `type: [string, integer]`: a union of the listed scalars.
                let members: Vec<Schema> = many
                    .iter()
                    .map(|t| Schema { types: vec![*t], format: s.format.clone(), ..Schema::any(s.pointer.clone()) })
                    .collect();
                let u = Schema { any_of: members, ..Schema::any(s.pointer.clone()) };
                self.lower_union(&u, ctx)
            }
        };
        r.or_null(nullable)
    }

    fn primitive(&mut self, t: JsonType, s: &Schema) -> Primitive {
        match t {
            JsonType::String => {
                let typed = match s.format.as_deref() {
                    Some("date-time") => {
                        Some((Primitive::DateTime, formats::is_date_time as fn(&str) -> bool, "date-time"))
                    }
                    Some("date") => Some((Primitive::Date, formats::is_date as fn(&str) -> bool, "date")),
                    Some("uuid") => Some((Primitive::Uuid, formats::is_uuid as fn(&str) -> bool, "uuid")),
                    _ => None,
                };
                match typed {
                    Some((p, check, name)) => {
                        let bad = [s.example.as_ref(), s.default.as_ref()]
                            .into_iter()
                            .flatten()
                            // A `null` example says nothing about the format (the field may be nullable).
                            .find(|v| !v.is_null() && !v.as_str().is_some_and(check));
                        match bad {
                            Some(v) => {
                                self.diags.push(
                                    Diagnostic::warning(
                                        &s.pointer,
                                        format!("the spec's own example/default {v} is not a valid `{name}`"),
                                    )
                                    .with_note("typed as a plain string so that such values still decode"),
                                );
                                Primitive::String
                            }
                            None => p,
                        }
                    }
                    None => Primitive::String,
                }
            }
            JsonType::Integer => match s.format.as_deref() {
                Some("int32") => Primitive::I32,
                Some("uint32") => Primitive::U32,
                Some("uint64") => Primitive::U64,
                _ => Primitive::I64,
            },
            JsonType::Number => Primitive::F64,
            JsonType::Boolean => Primitive::Bool,
            // Callers handle objects and arrays.
            JsonType::Object | JsonType::Array => Primitive::String,
        }
    }

    fn lower_array(&mut self, s: &Schema, ctx: Ctx) -> TypeRef {
        let item_name = match naming::singular(&ctx.name) {
            Some(single) => single,
            None => format!("{}Item", ctx.name),
        };
        let item = match &s.items {
            Some(items) => self.lower(items, Ctx::named(item_name)),
            None => self.anon(Shape::Any),
        };
        self.fill_or_anon(ctx, Shape::List(item), s)
    }

    fn lower_object(&mut self, s: &Schema, ctx: Ctx) -> TypeRef {
        if s.properties.is_empty() {
            let value = match &s.additional {
                Additional::Schema(v) => self.lower(v, Ctx::named(format!("{}Value", ctx.name))),
                _ => self.anon(Shape::Any),
            };
            return self.fill_or_anon(ctx, Shape::Map(value), s);
        }
        let (id, name) = self.nominal(&ctx, s);
        let reopened = self.open_objects.insert(s.pointer.clone(), id);
        let (fields, additional) = self.object_members(s, &name);
        match reopened {
            Some(outer) => self.open_objects.insert(s.pointer.clone(), outer),
            None => self.open_objects.remove(&s.pointer),
        };
        let closed = matches!(s.additional, Additional::Forbidden);
        self.set(id, TypeKind::Struct(Struct { fields, additional, closed, keeps_unknown: false }));
        TypeRef::to(id)
    }

    /// The fields and the additional-properties type of the object schema `s`, whose struct is `name`.
    fn object_members(&mut self, s: &Schema, name: &str) -> (Vec<Field>, Option<TypeRef>) {
        let mut fields = Vec::with_capacity(s.properties.len());
        let mut field_names = Namespace::new();
        for (wire, ps) in &s.properties {
            let fname = field_names.claim(&naming::snake_name(wire));
            // A property inherited through `allOf` is named after the type that defines it.
            let owner = self.property_owner(&ps.pointer).unwrap_or_else(|| name.to_owned());
            let ty = self.lower_in_place(ps, || Ctx::named(format!("{owner}{}", naming::type_name(wire))));
            let mut docs = docs_of(ps);
            if docs.description.is_none() {
                let target = self.space.get(ty.id);
                if target.component.is_some() {
                    docs.description = target.docs.description.clone();
                }
            }
            let allowed = ps.enum_values.clone().filter(|v| v.iter().any(|x| !x.is_string()));
            fields.push(Field {
                name: fname,
                wire_name: wire.clone(),
                ty,
                required: s.required.iter().any(|r| r == wire),
                docs,
                default: ps.default.clone(),
                read_only: ps.read_only,
                write_only: ps.write_only,
                allowed,
                constraints: ps.constraints.clone(),
                pointer: ps.pointer.clone(),
            });
        }
        for r in &s.required {
            if !s.properties.iter().any(|(w, _)| w == r) {
                self.diags.warn(
                    &s.pointer.push("required"),
                    format!("required property `{r}` is not defined in `properties`; it is ignored"),
                );
            }
        }
        let additional = match &s.additional {
            Additional::Schema(v) => Some(self.lower(v, Ctx::named(format!("{name}Value")))),
            Additional::Any => Some(self.anon(Shape::Any)),
            Additional::Unspecified | Additional::Forbidden => None,
        };
        (fields, additional)
    }

    /// An open enum of the listed wire values (decimal text when `integer`), each named by its title when it has
    /// one (the titled-`const` idiom), else by its value.
    fn lower_enum(&mut self, s: &Schema, values: &[(String, Option<&str>)], integer: bool, ctx: Ctx) -> TypeRef {
        let (id, _) = self.nominal(&ctx, s);
        // The catch-all is claimed first so that it is always `Unrecognized`; a listed value spelled that way
        // becomes `Unrecognized2`.
        let mut variants = Namespace::new();
        let other = variants.claim_type_free("Unrecognized");
        let values: Vec<EnumValue> = values
            .iter()
            .map(|(w, title)| {
                let base = match title.map(naming::type_name).filter(|t| !t.is_empty()) {
                    Some(t) => t,
                    None if w.trim().is_empty() => "Empty".to_owned(),
                    None if integer => format!("Value{}", w.replace('-', "Minus")),
                    None => naming::type_name(w),
                };
                EnumValue { name: variants.claim_type_free(&base), wire: w.clone() }
            })
            .collect();
        self.set(id, TypeKind::Enum(Enum { values, other, integer }));
        TypeRef::to(id)
    }

    /// The 3.1 "titled enum" idiom, `oneOf` (or `anyOf`) of `const` members (`[{title: ONE, const: 1}, ..]`):
    /// an open enum named by the titles, of strings or of integers, when every member is one such value.
    fn titled_consts(&mut self, s: &Schema, members: &[&Schema], ctx: Ctx) -> Result<TypeRef, Ctx> {
        let single = |m: &Schema| match m.enum_values.as_deref() {
            Some([v]) if is_one_value(m) => Some(v.clone()),
            _ => None,
        };
        let Some(values) = members.iter().map(|m| single(m)).collect::<Option<Vec<Value>>>() else { return Err(ctx) };
        let integer = values.iter().all(|v| v.is_i64());
        if values.is_empty() || !(integer || values.iter().all(Value::is_string)) {
            return Err(ctx);
        }
        let listed: Vec<(String, Option<&str>)> = values
            .iter()
            .zip(members)
            .map(|(v, m)| (v.as_str().map_or_else(|| v.to_string(), str::to_owned), m.title.as_deref()))
            .collect();
        if !distinct(&listed.iter().map(|(w, _)| w.clone()).collect::<Vec<_>>()) {
            return Err(ctx);
        }
        Ok(self.lower_enum(s, &listed, integer, ctx))
    }

    fn lower_all_of(&mut self, s: &Schema, ctx: Ctx) -> TypeRef {
        // A member that adds nothing (`{}`, `{type: object, properties: {}}`) is left out, so that `allOf: [$ref, {}]`
        // is a use of the reference (found by `cargo xtask random`: `X: {additionalProperties: {allOf: [X, {}]}}`
        // merged X into a map of itself until the depth limit).
        if s.all_of.len() > 1 && s.all_of.iter().any(adds_nothing) && !s.all_of.iter().all(adds_nothing) {
            let kept = s.all_of.iter().filter(|m| !adds_nothing(m)).cloned().collect();
            return self.lower_all_of(&Schema { all_of: kept, ..s.clone() }, ctx);
        }
        let plain_wrapper = s.all_of.len() == 1
            && s.properties.is_empty()
            && s.any_of.is_empty()
            && s.one_of.is_empty()
            && s.enum_values.is_none()
            && (s.types.is_empty() || s.types == [JsonType::Object]);
        if plain_wrapper {
            // `allOf: [$ref]` with `nullable`/`description`: a (nullable) use of the one member.
            if s.nullable && self.spec.version == oagen_spec::SpecVersion::V3_0 {
                self.diags.push(
                    Diagnostic::warning(
                        &s.pointer,
                        "`nullable: true` beside `allOf: [$ref]` does not make the reference nullable in OpenAPI 3.0.3",
                    )
                    .with_note("read as a nullable reference, as its authors mean"),
                );
            }
            return self.lower(&s.all_of[0], ctx).or_null(s.nullable);
        }
        let mut merged =
            Schema { description: s.description.clone(), title: s.title.clone(), ..Schema::any(s.pointer.clone()) };
        let mut others: Vec<Schema> = Vec::new();
        let mut seen = HashSet::new();
        for member in &s.all_of {
            self.flatten_into(member, &mut merged, &mut others, &mut seen, 0);
        }
        let own = Schema { all_of: Vec::new(), description: None, title: None, ..s.clone() };
        if own.has_structure() {
            self.flatten_into(&own, &mut merged, &mut others, &mut seen, 0);
        }
        if merged.properties.is_empty() && !matches!(merged.additional, Additional::Schema(_)) {
            if let [only] = others.as_slice() {
                let only = only.clone();
                return self.lower(&only, ctx).or_null(s.nullable);
            }
            // No member is an object (`{type: integer, enum: [1], allOf: [{$ref: Kind}]}`): the value is one of the
            // members' type, the named one when a member is a reference (the others only narrow its values).
            if let Some(typed) = others.iter().find(|m| m.reference.is_some()).or(others.first()) {
                let typed = typed.clone();
                return self.lower(&typed, ctx).or_null(s.nullable);
            }
        }
        if let [only] = others.as_slice() {
            if let Some(spread) = self.spread_over_union(s, &merged, only) {
                let r = self.lower_union(&spread, ctx);
                self.spreading = false;
                return r;
            }
        }
        if !others.is_empty() {
            self.diags.push(
                Diagnostic::warning(
                    &s.pointer.push("allOf"),
                    "`allOf` mixes object schemas with other kinds of schema",
                )
                .with_note("only the object members are merged"),
            );
        }
        merged.types = vec![JsonType::Object];
        self.lower_object(&merged, ctx).or_null(s.nullable)
    }

    /// `allOf` of objects and one union (`allOf: [Base, {oneOf: [Cat, Dog]}]`) as the union of each member with the
    /// objects' properties, so that no member loses them; `None` when `other` is not a union (or one is being
    /// spread already).
    fn spread_over_union(&mut self, s: &Schema, merged: &Schema, other: &Schema) -> Option<Schema> {
        let union = match &other.reference {
            Some(r) => self.schema_target(r)?.clone(),
            None => other.clone(),
        };
        if self.spreading || (union.one_of.is_empty() && union.any_of.is_empty()) || merged.properties.is_empty() {
            return None;
        }
        let object = Schema { types: vec![JsonType::Object], ..merged.clone() };
        let spread = |members: &[Schema], this: &Self| -> Vec<Schema> {
            members.iter().enumerate().map(|(i, m)| this.with_shared(m, &object, i)).collect()
        };
        self.spreading = true;
        Some(Schema {
            one_of: spread(&union.one_of, self),
            any_of: spread(&union.any_of, self),
            discriminator: union.discriminator.clone(),
            description: s.description.clone(),
            title: s.title.clone(),
            nullable: s.nullable || union.nullable,
            ..Schema::any(s.pointer.clone())
        })
    }

    /// Adds the properties of an `allOf` member (following references and nested `allOf`) to `merged`.
    fn flatten_into(
        &mut self,
        member: &Schema,
        merged: &mut Schema,
        others: &mut Vec<Schema>,
        seen: &mut HashSet<String>,
        depth: usize,
    ) {
        if depth > 32 {
            return;
        }
        if let Some(r) = &member.reference {
            let Some(p) = Pointer::from_local_ref(r) else { return };
            if !seen.insert(p.as_str().to_owned()) {
                return;
            }
            if let Some(target) = self.component_or_referenced(&p) {
                if target.all_of.is_empty() && !object_like(target) {
                    // Not an object to merge (an enum, a union): the reference itself, so that lowering it is a use
                    // of the named type, not a copy of its schema (a copy of a union containing this `allOf`
                    // would unroll until the depth limit).
                    others.push(member.clone());
                } else {
                    self.flatten_into(target, merged, others, seen, depth + 1);
                }
            }
            return;
        }
        let object_like = object_like(member);
        for sub in &member.all_of {
            self.flatten_into(sub, merged, others, seen, depth + 1);
        }
        if !object_like {
            others.push(member.clone());
            return;
        }
        for (name, p) in &member.properties {
            match merged.properties.iter_mut().find(|(n, _)| n == name) {
                Some((_, existing)) => {
                    if p.has_structure() || p.reference.is_some() {
                        *existing = p.clone();
                    }
                }
                None => merged.properties.push((name.clone(), p.clone())),
            }
        }
        for r in &member.required {
            if !merged.required.contains(r) {
                merged.required.push(r.clone());
            }
        }
        if !matches!(member.additional, Additional::Unspecified) {
            merged.additional = member.additional.clone();
        }
    }

    fn lower_union(&mut self, s: &Schema, ctx: Ctx) -> TypeRef {
        let exclusive = !s.one_of.is_empty();
        let all_members = if exclusive { &s.one_of } else { &s.any_of };
        if exclusive && !s.any_of.is_empty() {
            self.diags.warn(&s.pointer, "both `oneOf` and `anyOf` are given; only `oneOf` is used");
        }
        let nullable = s.nullable || all_members.iter().any(is_null_schema);
        let members: Vec<&Schema> = all_members.iter().filter(|m| !is_null_schema(m)).collect();
        if !s.properties.is_empty() && members.iter().all(|m| !m.has_structure() && m.reference.is_none()) {
            // `properties` + `oneOf` of `required` lists: a constraint on one object, not a union.
            self.diags.warn(
                &s.pointer,
                "`oneOf`/`anyOf` members only constrain which properties are present; they are not enforced",
            );
            let object = Schema { one_of: Vec::new(), any_of: Vec::new(), ..s.clone() };
            return self.lower(&object, ctx);
        }
        let ctx = if s.properties.is_empty() && members.len() > 1 {
            match self.titled_consts(s, &members, ctx) {
                Ok(r) => return r.or_null(nullable),
                Err(ctx) => ctx,
            }
        } else {
            ctx
        };
        // `properties` beside `oneOf`/`anyOf` belong to every member: each object member is `allOf` of them and itself.
        let with_shared: Vec<Schema>;
        let members: Vec<&Schema> = if s.properties.is_empty() {
            members
        } else {
            let shared = Schema {
                properties: s.properties.clone(),
                required: s.required.clone(),
                types: vec![JsonType::Object],
                ..Schema::any(s.pointer.clone())
            };
            if let [only] = members.as_slice() {
                let one = Schema { all_of: vec![shared, (*only).clone()], ..Schema::any(s.pointer.clone()) };
                return self.lower(&one, ctx).or_null(nullable);
            }
            with_shared = members.iter().enumerate().map(|(i, m)| self.with_shared(m, &shared, i)).collect();
            with_shared.iter().collect()
        };
        match members.as_slice() {
            [] => return self.fill_or_anon(ctx, Shape::Any, s).or_null(nullable),
            [only] => {
                let only = (*only).clone();
                return self.lower(&only, ctx).or_null(nullable);
            }
            _ => {}
        }
        let (id, union_name) = self.nominal(&ctx, s);
        let tag = self.find_tag(s, &members);
        let mut variant_names = Namespace::new();
        let other = variant_names.claim_type_free("Unrecognized");
        let mut variants = Vec::with_capacity(members.len());
        for (i, member) in members.iter().enumerate() {
            let tag_value = tag.as_ref().map(|(_, values)| values[i].clone());
            let base = match &tag_value {
                Some(v) => naming::type_name(v),
                None => self.variant_base(member, i),
            };
            let name = variant_names.claim_type_free(&base);
            let ty = self.lower(member, Ctx::named(format!("{union_name}{name}")));
            variants.push(Variant { name, ty, tag_value });
        }
        self.set(id, TypeKind::Union(Union { tag: tag.map(|(p, _)| p), variants, other, exclusive }));
        TypeRef::to(id).or_null(nullable)
    }

    /// A union member with the union's own `properties` merged in (`allOf` of both, titled as the member's variant
    /// would be named), when it is an object; else the member as it is.
    fn with_shared(&self, member: &Schema, shared: &Schema, index: usize) -> Schema {
        let target = member.reference.as_deref().and_then(|r| self.schema_target(r));
        if !object_like(member) || target.is_some_and(|t| t.all_of.is_empty() && !object_like(t)) {
            return member.clone();
        }
        Schema {
            all_of: vec![shared.clone(), member.clone()],
            title: Some(self.variant_base(member, index)),
            description: member.description.clone(),
            ..Schema::any(member.pointer.clone())
        }
    }

    /// A variant name for an untagged member: its type's name, else its title, else its kind.
    fn variant_base(&self, member: &Schema, index: usize) -> String {
        if let Some(r) = &member.reference {
            if let Some(id) = Pointer::from_local_ref(r).and_then(|p| self.by_pointer.get(p.as_str())) {
                if let Some(name) = &self.space.get(*id).name {
                    return name.clone();
                }
            }
            if let Some(last) = r.rsplit('/').next() {
                return naming::type_name(last);
            }
        }
        if let Some(t) = &member.title {
            return naming::type_name(t);
        }
        match member.types.as_slice() {
            [JsonType::String] => "String".into(),
            [JsonType::Integer] => "Integer".into(),
            [JsonType::Number] => "Number".into(),
            [JsonType::Boolean] => "Boolean".into(),
            [JsonType::Array] => "List".into(),
            _ if member.properties.is_empty() && member.types == [JsonType::Object] => "Map".into(),
            _ => format!("Variant{}", index + 1),
        }
    }

    /// The tag property and each member's tag value, from a `discriminator` or from a property that every member
    /// fixes to one distinct string.
    fn find_tag(&mut self, s: &Schema, members: &[&Schema]) -> Option<(String, Vec<String>)> {
        let resolved: Vec<Option<Schema>> = members.iter().map(|m| self.object_view(m)).collect();
        if let Some(d) = &s.discriminator {
            let mut values = Vec::with_capacity(members.len());
            for (m, view) in members.iter().zip(&resolved) {
                let from_mapping = m.reference.as_ref().and_then(|r| {
                    let target_name = r.rsplit('/').next().unwrap_or(r);
                    d.mapping.iter().find(|(_, to)| to == r || to == target_name).map(|(k, _)| k.clone())
                });
                let from_enum = view.as_ref().and_then(|v| single_string(v, &d.property));
                let implicit = m.reference.as_ref().and_then(|r| r.rsplit('/').next().map(str::to_owned));
                match from_mapping.or(from_enum).or(implicit) {
                    Some(v) => values.push(v),
                    None => {
                        self.diags.warn(
                            &m.pointer,
                            format!(
                                "cannot tell which `{}` value selects this member; the union is untagged",
                                d.property
                            ),
                        );
                        return None;
                    }
                }
            }
            if distinct(&values) {
                return Some((d.property.clone(), values));
            }
            self.diags.warn(
                &s.pointer.push("discriminator"),
                "two members share a discriminator value; the union is untagged",
            );
            return None;
        }
        let first = resolved.first()?.as_ref()?;
        for (prop, _) in &first.properties {
            let values: Option<Vec<String>> =
                resolved.iter().map(|v| v.as_ref().and_then(|v| single_string(v, prop))).collect();
            if let Some(values) = values {
                if distinct(&values) {
                    return Some((prop.clone(), values));
                }
            }
        }
        None
    }

    /// The merged object view of a member (references and `allOf` followed), for finding tags.
    fn object_view(&mut self, m: &Schema) -> Option<Schema> {
        let mut merged = Schema::any(m.pointer.clone());
        let mut others = Vec::new();
        let mut seen = HashSet::new();
        self.flatten_into(m, &mut merged, &mut others, &mut seen, 0);
        (!merged.properties.is_empty()).then_some(merged)
    }

    /// The name of the named type whose `properties` hold the schema at `p`, when that type is lowered already.
    fn property_owner(&self, p: &Pointer) -> Option<String> {
        let (object, _) = p.as_str().rsplit_once('/')?;
        let object = object.strip_suffix("/properties")?;
        self.by_pointer.get(object).and_then(|id| self.space.get(*id).name.clone())
    }

    /// The named entry for a `$ref`, creating one for a local pointer that is not a component.
    /// The normalised schema a local `$ref` points at (a component, or a schema normalised apart).
    pub(crate) fn schema_target(&self, r: &str) -> Option<&'s Schema> {
        let p = Pointer::from_local_ref(r)?;
        self.components.get(p.as_str()).copied().or_else(|| self.spec.schema_at(&p))
    }

    fn ref_target(&mut self, r: &str) -> Option<TypeId> {
        let p = Pointer::from_local_ref(r)?;
        if let Some(id) = self.by_pointer.get(p.as_str()) {
            return Some(*id);
        }
        let schema = self.spec.schema_at(&p)?;
        // A whole document reached by a file `$ref` (`pet.yaml`) is named after the file.
        let name = self.names.claim_type(&naming::definition_name(&p));
        let id = self.space.push(TypeDef {
            name: Some(name.clone()),
            kind: TypeKind::Any,
            docs: docs_of(schema),
            component: None,
            pointer: p.clone(),
        });
        self.by_pointer.insert(p.as_str().to_owned(), id);
        if self.schema_nullable(schema, 0) {
            self.nullable_slots.insert(id);
        }
        self.lower(schema, Ctx::slot(id, name));
        Some(id)
    }

    /// The entry a named type goes in: the component's slot, or a new entry with a name claimed from the context.
    fn nominal(&mut self, ctx: &Ctx, s: &Schema) -> (TypeId, String) {
        if let Some(slot) = ctx.slot {
            let name = self.space.get(slot).name.clone().unwrap_or_else(|| ctx.name.clone());
            return (slot, name);
        }
        let name = self.names.claim_type(&ctx.name);
        let id = self.space.push(TypeDef {
            name: Some(name.clone()),
            kind: TypeKind::Any,
            docs: docs_of(s),
            component: None,
            pointer: s.pointer.clone(),
        });
        (id, name)
    }

    fn set(&mut self, id: TypeId, kind: TypeKind) {
        self.space.get_mut(id).kind = kind;
    }

    /// An anonymous type written in place, or, for a component, an alias to it.
    fn fill_or_anon(&mut self, ctx: Ctx, shape: Shape, _s: &Schema) -> TypeRef {
        let anon = self.anon(shape);
        match ctx.slot {
            Some(slot) => {
                self.set(slot, TypeKind::Alias(anon));
                TypeRef::to(slot)
            }
            None => anon,
        }
    }

    fn anon(&mut self, shape: Shape) -> TypeRef {
        if let Some(id) = self.interned.get(&shape) {
            return TypeRef::to(*id);
        }
        let kind = match shape {
            Shape::Any => TypeKind::Any,
            Shape::Primitive(p) => TypeKind::Primitive(p),
            Shape::List(t) => TypeKind::List(t),
            Shape::Map(t) => TypeKind::Map(t),
        };
        let id = self.space.push(TypeDef {
            name: None,
            kind,
            docs: Docs::default(),
            component: None,
            pointer: Pointer::root(),
        });
        self.interned.insert(shape, id);
        TypeRef::to(id)
    }

    /// The anonymous type for raw bytes, text, or any JSON value (bodies that are not JSON).
    pub(crate) fn primitive_ref(&mut self, p: Option<Primitive>) -> TypeRef {
        self.anon(match p {
            Some(p) => Shape::Primitive(p),
            None => Shape::Any,
        })
    }
}

fn docs_of(s: &Schema) -> Docs {
    Docs { title: s.title.clone(), description: s.description.clone(), deprecated: s.deprecated }
}

fn is_null_schema(s: &Schema) -> bool {
    s.nullable && s.types.is_empty() && s.reference.is_none() && !s.has_structure()
}

fn single_string(view: &Schema, prop: &str) -> Option<String> {
    let (_, p) = view.properties.iter().find(|(n, _)| n == prop)?;
    match p.enum_values.as_deref() {
        Some([Value::String(v)]) => Some(v.clone()),
        _ => None,
    }
}

fn distinct(values: &[String]) -> bool {
    let set: HashSet<&String> = values.iter().collect();
    set.len() == values.len()
}

/// Whether a schema is one value and nothing more (`{title: ONE, const: 1}`, perhaps with its `type`).
fn is_one_value(m: &Schema) -> bool {
    m.reference.is_none()
        && matches!(m.enum_values.as_deref(), Some([_]))
        && m.properties.is_empty()
        && m.items.is_none()
        && m.all_of.is_empty()
        && m.any_of.is_empty()
        && m.one_of.is_empty()
        && matches!(m.additional, Additional::Unspecified)
}

/// Whether an `allOf` member constrains nothing an object member would not: no reference, properties, required
/// list, composition, enum, items or closed `additionalProperties`, and no type but `object`.
fn adds_nothing(member: &Schema) -> bool {
    member.reference.is_none()
        && member.properties.is_empty()
        && member.required.is_empty()
        && matches!(member.additional, Additional::Unspecified | Additional::Any)
        && member.all_of.is_empty()
        && member.one_of.is_empty()
        && member.any_of.is_empty()
        && member.enum_values.is_none()
        && member.items.is_none()
        && !member.nullable
        && (member.types.is_empty() || member.types == [JsonType::Object])
}

/// Whether an `allOf` member is an object whose properties merge: properties, `type: object`, or no type and none
/// of the keywords of another kind.
fn object_like(member: &Schema) -> bool {
    !member.properties.is_empty()
        || member.types == [JsonType::Object]
        || (member.types.is_empty()
            && member.enum_values.is_none()
            && member.items.is_none()
            && member.any_of.is_empty()
            && member.one_of.is_empty())
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    /// The API of `doc`, which must load cleanly and lower without an error diagnostic.
    fn build(doc: &Value) -> crate::Api {
        let (spec, loaded) = oagen_spec::load(&oagen_spec::Source::new("t.json", doc.to_string()));
        assert!(loaded.is_empty(), "{loaded:?}");
        let mut diags = oagen_spec::Diagnostics::new();
        let api = crate::build(&spec.expect("loads"), &mut diags);
        assert!(
            diags.iter().all(|d| d.severity != oagen_spec::Severity::Error),
            "{:?}",
            diags.iter().collect::<Vec<_>>()
        );
        api
    }

    /// Found by `cargo xtask random` (seed 2): a property that is an `allOf` of its own schema and an object copies
    /// that schema's properties, the property among them. The copy's copy is the copy itself (one struct, a cycle
    /// the Box pass closes), not a chain of 96 structs ending in "schema nesting too deep" that overflowed rustc's
    /// trait solver.
    #[test]
    fn an_all_of_that_copies_the_schema_containing_it_is_one_recursive_struct() {
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {"Node": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "child": {"allOf": [
                        {"$ref": "#/components/schemas/Node"},
                        {"type": "object", "properties": {"depth": {"type": "integer"}}},
                    ]},
                    "next": {"type": "object", "additionalProperties":
                        {"allOf": [{"$ref": "#/components/schemas/Node"}, {"type": "object", "properties": {"x": {"type": "integer"}}}]}},
                },
            }}},
        });
        let api = build(&doc);
        let names: Vec<&str> = api.types.named().filter_map(|(_, d)| d.name.as_deref()).collect();
        assert_eq!(names, ["Node", "NodeChild", "NodeNextValue"], "one struct per schema, no copies of copies");
        let (child_id, child) = api.types.named().find(|(_, d)| d.name.as_deref() == Some("NodeChild")).expect("child");
        let crate::TypeKind::Struct(s) = &child.kind else { panic!("NodeChild is not a struct") };
        let own = s.fields.iter().find(|f| f.wire_name == "child").expect("the copied property");
        assert_eq!(own.ty.id, child_id, "the copy's `child` is the copy itself");
    }

    /// Found by `cargo xtask random` (seed 15): a union with a member `allOf: [<the union itself>, {}]`. The member
    /// is a use of the union (a reference), not a copy of its schema, which unrolled to the depth limit.
    #[test]
    fn an_all_of_of_a_union_and_nothing_more_is_a_use_of_the_union() {
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {
                "Kind": {"type": "string", "enum": ["a", "b"]},
                "Either": {"oneOf": [
                    {"type": "integer"},
                    {"oneOf": [
                        {"allOf": [{"$ref": "#/components/schemas/Either"}, {"type": "object", "properties": {}}]},
                        {"type": "array", "items": {"$ref": "#/components/schemas/Either"}},
                    ]},
                    {"allOf": [{"$ref": "#/components/schemas/Kind"}, {"type": "object", "properties": {}}]},
                ]},
            }},
        });
        let api = build(&doc);
        assert!(
            api.types.named().count() < 8,
            "{:?}",
            api.types.named().map(|(_, d)| d.name.clone()).collect::<Vec<_>>()
        );
    }

    /// Found by `cargo xtask random` (seed 122): a map whose values are `allOf: [<the map>, {}]` is a map of itself
    /// (`allOf: [$ref, {}]` is a use of the reference), not a merge unrolled to the depth limit.
    #[test]
    fn an_all_of_of_a_reference_and_an_empty_object_is_the_reference() {
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {"Tree": {
                "type": "object",
                "additionalProperties": {"allOf": [{"$ref": "#/components/schemas/Tree"}, {"type": "object", "properties": {}}]},
            }}},
        });
        let api = build(&doc);
        let (tree, def) = api.types.named().find(|(_, d)| d.name.as_deref() == Some("Tree")).expect("Tree");
        let crate::TypeKind::Alias(map) = def.kind else { panic!("Tree is {:?}", def.kind) };
        let crate::TypeKind::Map(value) = api.types.get(map.id).kind else { panic!("not a map") };
        assert_eq!(value.id, tree, "the values are Tree itself");
    }
}
