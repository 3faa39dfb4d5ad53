//! The SCIM schema model targets are checked against: RFC 7643 §4.1 (core User),
//! §4.2 (core Group) and §4.3 (enterprise User extension). Only what a mapping
//! needs is modelled: names in canonical case, types, multi-valuedness and
//! sub-attributes.

/// The core User schema URN.
pub const USER_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// The core Group schema URN.
pub const GROUP_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
/// The enterprise User extension URN (`$enterpriseUser` in JumpCloud's paths).
pub const ENTERPRISE_URN: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/// The PATCH message URN (RFC 7644 §3.5.2).
pub const PATCH_URN: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// An attribute's data type (RFC 7643 §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// A string.
    String,
    /// `true` / `false`.
    Boolean,
    /// An object of sub-attributes.
    Complex,
    /// A URI, written as a string.
    Reference,
    /// An `xsd:dateTime` string.
    DateTime,
    /// Base64 text, written as a string.
    Binary,
    /// A JSON number with no fractional part (only in host extension schemas;
    /// no core attribute has it).
    Integer,
    /// A JSON number (only in host extension schemas).
    Decimal,
}

impl Type {
    /// The name used in error messages.
    pub fn name(self) -> &'static str {
        match self {
            Type::String => "string",
            Type::Boolean => "boolean",
            Type::Complex => "complex",
            Type::Reference => "reference",
            Type::DateTime => "dateTime",
            Type::Binary => "binary",
            Type::Integer => "integer",
            Type::Decimal => "decimal",
        }
    }
}

/// One attribute of a schema.
#[derive(Debug, PartialEq, Eq)]
pub struct Attr {
    /// The canonical name.
    pub name: &'static str,
    /// The data type.
    pub ty: Type,
    /// Whether the attribute holds an array.
    pub multi: bool,
    /// Sub-attributes of a complex attribute.
    pub subs: &'static [Attr],
    /// Assigned by the receiving side (RFC 7643 `mutability: readOnly`), so a
    /// mapping may not write it.
    pub read_only: bool,
    /// Whether string values compare case-sensitively (RFC 7643 §2.2
    /// `caseExact`; the RFC's default, and that of nearly every attribute, is
    /// `false`).
    pub case_exact: bool,
    /// A membership set (a Group's `members`): reconciled member by member, and
    /// an empty array is a value (no members) rather than "no value" as RFC 7643
    /// §2.5 has it for other attributes.
    pub set: bool,
}

impl Attr {
    /// The sub-attribute named `name`, compared case-insensitively.
    pub fn sub(&self, name: &str) -> Option<&'static Attr> {
        find(self.subs, name)
    }
}

const fn s(name: &'static str) -> Attr {
    Attr {
        name,
        ty: Type::String,
        multi: false,
        subs: &[],
        read_only: false,
        case_exact: false,
        set: false,
    }
}

const fn t(name: &'static str, ty: Type) -> Attr {
    Attr {
        name,
        ty,
        multi: false,
        subs: &[],
        read_only: false,
        case_exact: false,
        set: false,
    }
}

const fn complex(name: &'static str, subs: &'static [Attr]) -> Attr {
    Attr {
        name,
        ty: Type::Complex,
        multi: false,
        subs,
        read_only: false,
        case_exact: false,
        set: false,
    }
}

const fn multi(name: &'static str, subs: &'static [Attr]) -> Attr {
    Attr {
        name,
        ty: Type::Complex,
        multi: true,
        subs,
        read_only: false,
        case_exact: false,
        set: false,
    }
}

/// A `caseExact: true` attribute (RFC 7643 §8.7.1: `id`, `externalId`,
/// binary values).
const fn case_exact(a: Attr) -> Attr {
    Attr {
        case_exact: true,
        ..a
    }
}

/// A membership set (see [`Attr::set`]).
const fn set(a: Attr) -> Attr {
    Attr { set: true, ..a }
}

/// A read-only attribute (`mutability: readOnly`).
const fn read_only(a: Attr) -> Attr {
    Attr {
        read_only: true,
        ..a
    }
}

/// The sub-attributes RFC 7643 §2.4 gives every multi-valued attribute.
const MULTI_STD: &[Attr] = &[
    s("value"),
    s("display"),
    s("type"),
    t("primary", Type::Boolean),
];

const MULTI_REF: &[Attr] = &[
    t("value", Type::Reference),
    s("display"),
    s("type"),
    t("primary", Type::Boolean),
];

const MULTI_BIN: &[Attr] = &[
    case_exact(t("value", Type::Binary)),
    s("display"),
    s("type"),
    t("primary", Type::Boolean),
];

const NAME: &[Attr] = &[
    s("formatted"),
    s("familyName"),
    s("givenName"),
    s("middleName"),
    s("honorificPrefix"),
    s("honorificSuffix"),
];

const ADDRESS: &[Attr] = &[
    s("formatted"),
    s("streetAddress"),
    s("locality"),
    s("region"),
    s("postalCode"),
    s("country"),
    s("type"),
    t("primary", Type::Boolean),
];

// Member and group ids are resource ids, which compare exactly.
const GROUP_REF: &[Attr] = &[
    case_exact(s("value")),
    t("$ref", Type::Reference),
    s("display"),
    s("type"),
];

/// RFC 7643 §4.1: the core User attributes.
pub const USER: &[Attr] = &[
    read_only(case_exact(s("id"))),
    case_exact(s("externalId")),
    s("userName"),
    complex("name", NAME),
    s("displayName"),
    s("nickName"),
    t("profileUrl", Type::Reference),
    s("title"),
    s("userType"),
    s("preferredLanguage"),
    s("locale"),
    s("timezone"),
    t("active", Type::Boolean),
    s("password"),
    multi("emails", MULTI_STD),
    multi("phoneNumbers", MULTI_STD),
    multi("ims", MULTI_STD),
    multi("photos", MULTI_REF),
    multi("addresses", ADDRESS),
    read_only(multi("groups", GROUP_REF)),
    multi("entitlements", MULTI_STD),
    multi("roles", MULTI_STD),
    multi("x509Certificates", MULTI_BIN),
];

/// RFC 7643 §4.3: the enterprise User extension.
pub const ENTERPRISE: &[Attr] = &[
    s("employeeNumber"),
    s("costCenter"),
    s("organization"),
    s("division"),
    s("department"),
    complex(
        "manager",
        &[s("value"), t("$ref", Type::Reference), s("displayName")],
    ),
];

/// RFC 7643 §4.2: the core Group attributes.
pub const GROUP: &[Attr] = &[
    read_only(case_exact(s("id"))),
    case_exact(s("externalId")),
    s("displayName"),
    set(multi("members", GROUP_REF)),
];

/// The attribute named `name` in `attrs`, compared case-insensitively.
pub fn find(attrs: &'static [Attr], name: &str) -> Option<&'static Attr> {
    attrs.iter().find(|a| a.name.eq_ignore_ascii_case(name))
}

/// The schemas a resource type may use: its core schema first, then extensions.
pub fn schemas_for(resource: super::Resource) -> &'static [(&'static str, &'static [Attr])] {
    match resource {
        super::Resource::User => &[(USER_URN, USER), (ENTERPRISE_URN, ENTERPRISE)],
        super::Resource::Group => &[(GROUP_URN, GROUP)],
    }
}

/// The directory (JumpCloud system-user) fields import targets may name
/// (docs/mapping.md, Import targets), with the type each holds.
pub const DIRECTORY: &[Attr] = &[
    read_only(s("id")),
    s("username"),
    s("email"),
    s("firstname"),
    s("middlename"),
    s("lastname"),
    s("displayname"),
    s("jobTitle"),
    s("employeeIdentifier"),
    s("employeeType"),
    s("department"),
    s("costCenter"),
    s("company"),
    s("location"),
    s("description"),
    s("alternateEmail"),
    s("state"),
    t("suspended", Type::Boolean),
    t("activated", Type::Boolean),
    read_only(t("created", Type::DateTime)),
    s("manager"),
    s("managerExternalId"),
    multi(
        "addresses",
        &[
            s("type"),
            s("streetAddress"),
            s("extendedAddress"),
            s("poBox"),
            s("locality"),
            s("region"),
            s("postalCode"),
            s("country"),
        ],
    ),
    multi("phoneNumbers", &[s("type"), s("number")]),
    multi("attributes", &[s("name"), s("value")]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_are_case_insensitive_and_canonical() {
        let table = [
            (USER, "USERNAME", "userName"),
            (USER, "phonenumbers", "phoneNumbers"),
            (USER, "x509certificates", "x509Certificates"),
            (ENTERPRISE, "EMPLOYEENUMBER", "employeeNumber"),
            (ENTERPRISE, "costcenter", "costCenter"),
            (GROUP, "DISPLAYNAME", "displayName"),
            (DIRECTORY, "JOBTITLE", "jobTitle"),
        ];
        for (attrs, given, canonical) in table {
            assert_eq!(find(attrs, given).map(|a| a.name), Some(canonical));
        }
        assert!(find(USER, "jobTitle").is_none());
        assert_eq!(
            find(USER, "name")
                .and_then(|a| a.sub("GIVENNAME"))
                .map(|a| a.name),
            Some("givenName")
        );
    }
}
