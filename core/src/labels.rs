//! A macro for the closed lists of choices of complaints and claims: each is a snake_case enum
//! with zh/en labels, like [`crate::policy::PolicyKind`].

/// Declares a choice enum with `ALL`, `label(lang)`, `as_str()` and `from_str_opt()`.
/// Each variant is written `Variant = "wire_name", "中文", "English";`.
macro_rules! choice {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, $zh:literal, $en:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $wire)] $variant, )+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The value's name in a language, as shown on screen and in notices.
            pub fn label(self, lang: $crate::Lang) -> &'static str {
                match self {
                    $( $name::$variant => lang.pick($zh, $en), )+
                }
            }

            /// The string stored in the database and sent over the API.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $wire, )+
                }
            }

            /// Parses [`Self::as_str`].
            pub fn from_str_opt(s: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }
    };
}

pub(crate) use choice;
