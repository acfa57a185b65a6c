//! The options object every function takes, read member by member so that
//! a wrong value is a `TypeError` or `RangeError` naming the option — never
//! a message that repeats the value, which might be a token.

use chrono::{DateTime, Utc};
use js_sys::{Array, Date, Object, RangeError, Reflect, TypeError};
use usertoken::{parse_instant, Environment, Inspector, Issuers, Redactor, Style};
use wasm_bindgen::{JsCast, JsValue};

use crate::Result;

pub fn type_error(message: &str) -> JsValue {
    TypeError::new(message).into()
}

pub fn range_error(message: &str) -> JsValue {
    RangeError::new(message).into()
}

/// A string argument, or a `TypeError` naming it.
pub fn text(value: &JsValue, name: &str) -> Result<String> {
    value
        .as_string()
        .ok_or_else(|| type_error(&format!("{name} must be a string")))
}

/// The message of the CLI's `--now`.
const NOW: &str = "now: expected unix seconds or milliseconds, RFC 3339, or YYYY-MM-DD HH:MM:SS";

pub struct Options(Option<JsValue>);

impl Options {
    /// `undefined` and `null` mean no options.
    pub fn new(value: &JsValue) -> Result<Options> {
        if value.is_undefined() || value.is_null() {
            Ok(Options(None))
        } else if value.is_object() {
            Ok(Options(Some(value.clone())))
        } else {
            Err(type_error("options must be an object"))
        }
    }

    /// A member; absent for `undefined` and `null`. A throwing getter
    /// throws here.
    fn get(&self, name: &str) -> Result<Option<JsValue>> {
        let Some(object) = &self.0 else {
            return Ok(None);
        };
        let value = Reflect::get(object, &JsValue::from_str(name))?;
        Ok((!value.is_undefined() && !value.is_null()).then_some(value))
    }

    fn string(&self, name: &str) -> Result<Option<String>> {
        self.get(name)?.map(|v| text(&v, name)).transpose()
    }

    fn bool(&self, name: &str) -> Result<Option<bool>> {
        self.get(name)?
            .map(|v| {
                v.as_bool()
                    .ok_or_else(|| type_error(&format!("{name} must be a boolean")))
            })
            .transpose()
    }

    /// `now`: a `Date`, a string as `--now` takes it, or milliseconds since
    /// the epoch; absent, JavaScript's clock.
    pub fn now(&self) -> Result<DateTime<Utc>> {
        let ms = match self.get("now")? {
            None => Date::now(),
            Some(v) => {
                if let Some(s) = v.as_string() {
                    return parse_instant(&s).ok_or_else(|| range_error(NOW));
                }
                if let Some(date) = v.dyn_ref::<Date>() {
                    date.get_time()
                } else if let Some(n) = v.as_f64() {
                    n
                } else {
                    return Err(type_error(
                        "now must be a Date, a string or a number of milliseconds",
                    ));
                }
            }
        };
        if !ms.is_finite() {
            return Err(range_error("now is not a valid time"));
        }
        // `as` saturates; the range check below refuses what saturated.
        DateTime::from_timestamp_millis(ms.floor() as i64)
            .ok_or_else(|| range_error("now is out of range"))
    }

    /// `issuers`: an object mapping issuer names to environments.
    fn issuers(&self) -> Result<Option<Issuers>> {
        let Some(value) = self.get("issuers")? else {
            return Ok(None);
        };
        if !value.is_object() || Array::is_array(&value) {
            return Err(type_error(
                "issuers must be an object mapping issuer names to environments",
            ));
        }
        let mut issuers = Issuers::new();
        for entry in Object::entries(value.unchecked_ref::<Object>()).iter() {
            let pair: Array = entry.unchecked_into();
            let name = pair.get(0).as_string().unwrap_or_default();
            if name.is_empty() {
                return Err(range_error("issuers: the issuer name is empty"));
            }
            let env = pair
                .get(1)
                .as_string()
                .ok_or_else(|| type_error("issuers: each environment must be a string"))?;
            let env = env
                .parse::<Environment>()
                .map_err(|e| range_error(&format!("issuers: {e}")))?;
            issuers = issuers.with(name, env);
        }
        Ok(Some(issuers))
    }

    /// The inspector: `issuers`, `maxLen` and the Link setup (`sandbox`,
    /// `clientId`, `userId`).
    pub fn inspector(&self) -> Result<Inspector> {
        let mut inspector = Inspector::new();
        if let Some(issuers) = self.issuers()? {
            inspector = inspector.issuers(issuers);
        }
        if let Some(v) = self.get("maxLen")? {
            let n = v
                .as_f64()
                .ok_or_else(|| type_error("maxLen must be a number"))?;
            if !(n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_991.0) {
                return Err(range_error("maxLen must be a whole number of bytes"));
            }
            inspector = inspector.max_len(n as usize);
        }
        if let Some(sandbox) = self.bool("sandbox")? {
            inspector = inspector.expect_sandbox(sandbox);
        }
        if let Some(id) = self.string("clientId")? {
            inspector = inspector.expect_client_id(id);
        }
        if let Some(id) = self.string("userId")? {
            inspector = inspector.expect_user_id(id);
        }
        Ok(inspector)
    }

    /// The redactor: `style` and `issuers`.
    pub fn redactor(&self) -> Result<Redactor> {
        let mut redactor = Redactor::new();
        if let Some(style) = self.string("style")? {
            let style = style
                .parse::<Style>()
                .map_err(|e| range_error(&format!("style: {e}")))?;
            redactor = redactor.style(style);
        }
        if let Some(issuers) = self.issuers()? {
            redactor = redactor.issuers(issuers);
        }
        Ok(redactor)
    }
}
