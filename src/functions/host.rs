//! Host functions: what a host registers under a name, called like a builtin.

use crate::error::ErrorKind;
use crate::runtime::value::Value;
use std::sync::Arc;

/// A host function: evaluated arguments in, a value or an error out.
pub type HostFn = dyn for<'a> Fn(&[Value<'a>]) -> Result<Value<'a>, ErrorKind> + Send + Sync;

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
}

impl std::fmt::Debug for HostFunction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostFunction")
            .field("name", &self.name)
            .finish()
    }
}
