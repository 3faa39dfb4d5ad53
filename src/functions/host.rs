//! Host functions: what a host registers under a name, called like a builtin.

use crate::error::ErrorKind;
use crate::runtime::value::Value;
use crate::types::Signature;
use std::sync::Arc;

/// A host function: evaluated arguments in, a value or an error out.
pub type HostFn = dyn for<'a> Fn(&[Value<'a>]) -> Result<Value<'a>, ErrorKind> + Send + Sync;

/// A fast path for a one-argument function whose answer is a boolean read
/// off its argument in place (`notNullOrEmpty`): the machine calls it on the
/// value where it stands, with no argument slice and no copy.
pub type TestFn = for<'a> fn(&Value<'a>) -> bool;

/// A function the host registers under a name, called like a builtin.
#[derive(Clone)]
pub struct HostFunction {
    /// The name expressions call.
    pub name: String,
    /// Fewest arguments.
    pub min_args: usize,
    /// Most arguments (`None`: variadic).
    pub max_args: Option<usize>,
    /// The implementation.
    pub f: Arc<HostFn>,
    /// An optional fast path for calls with one argument; it must answer
    /// what `f` answers (as a boolean) for every value.
    pub test: Option<TestFn>,
    /// How the checker types a call, as for a builtin (default: unchecked,
    /// the result unknown).
    pub sig: Signature,
    /// A one-line description with an example, as builtin rows have.
    pub doc: String,
}

impl HostFunction {
    /// A host function `name` taking `min..=max` arguments (`None`: any number).
    pub fn new<F>(name: &str, min: usize, max: Option<usize>, f: F) -> HostFunction
    where
        F: for<'a> Fn(&[Value<'a>]) -> Result<Value<'a>, ErrorKind> + Send + Sync + 'static,
    {
        HostFunction {
            name: name.to_string(),
            min_args: min,
            max_args: max,
            f: Arc::new(f),
            test: None,
            sig: Signature::Unchecked,
            doc: String::new(),
        }
    }

    /// With a type signature the checker applies to calls (see
    /// [`Signature`]): `Overloads` or a `Rule`, as builtin rows declare them.
    pub fn with_signature(mut self, sig: Signature) -> HostFunction {
        self.sig = sig;
        self
    }

    /// With a one-line description.
    pub fn with_doc(mut self, doc: &str) -> HostFunction {
        self.doc = doc.to_string();
        self
    }

    /// With a fast path for one-argument calls (see [`TestFn`]).
    pub fn with_test(mut self, test: TestFn) -> HostFunction {
        self.test = Some(test);
        self
    }
}

impl std::fmt::Debug for HostFunction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostFunction")
            .field("name", &self.name)
            .finish()
    }
}
