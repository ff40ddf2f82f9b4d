//! Rust values to Python objects, without JSON text in between: a serde serialiser whose output
//! is what `json.loads` gives for the text `serde_json` prints for the same value. Structs and
//! maps become dicts (keys in the order they are written), sequences lists, integers `int`,
//! floats `float` (`None` when not finite, as JSON's `null`), strings `str`, `None` and unit
//! `None`; enums are tagged as serde_json tags them. Map keys are strings, as in JSON (integer
//! and boolean keys are written as their text).
//!
//! One answer's repeated keys share one `str` object, as with `json.loads` (a settlement's
//! frontier repeats the same few keys thousands of times): they are built and hashed once.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde::Serialize;
use serde::ser::{self, Impossible};

/// The Python object for `value`.
pub fn to_py<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> Result<Bound<'py, PyAny>, Error> {
    let mut out = ToPy {
        py,
        keys: HashMap::new(),
        fields: HashMap::default(),
    };
    value.serialize(&mut out)
}

/// Why a value has no Python form: a Python error, or a value JSON cannot hold.
#[derive(Debug)]
pub enum Error {
    /// Python failed to build an object.
    Py(PyErr),
    /// The value has no JSON form (serde's message).
    NotJson(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Py(e) => write!(f, "{e}"),
            Error::NotJson(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::NotJson(msg.to_string())
    }
}

impl From<PyErr> for Error {
    fn from(e: PyErr) -> Self {
        Error::Py(e)
    }
}

/// The serialiser: the interpreter and the keys built so far.
pub struct ToPy<'py> {
    py: Python<'py>,
    /// Map keys and variant names, by their text.
    keys: HashMap<String, Bound<'py, PyString>>,
    /// Field names (`&'static str`), by their address and length.
    fields: HashMap<(usize, usize), Bound<'py, PyString>, BuildHasherDefault<AddressHasher>>,
}

/// A hasher for addresses (of the program's own static strings, not of input): one multiply.
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl fmt::Debug for ToPy<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ToPy")
            .field("keys", &self.keys.len())
            .field("fields", &self.fields.len())
            .finish()
    }
}

impl<'py> ToPy<'py> {
    fn key(&mut self, k: &str) -> Bound<'py, PyString> {
        if let Some(s) = self.keys.get(k) {
            return s.clone();
        }
        let s = PyString::new(self.py, k);
        self.keys.insert(k.to_owned(), s.clone());
        s
    }

    fn field(&mut self, k: &'static str) -> Bound<'py, PyString> {
        let at = (k.as_ptr() as usize, k.len());
        if let Some(s) = self.fields.get(&at) {
            return s.clone();
        }
        let s = self.key(k);
        self.fields.insert(at, s.clone());
        s
    }

    fn obj<T: IntoPyObject<'py>>(&self, v: T) -> Result<Bound<'py, PyAny>, Error> {
        v.into_bound_py_any(self.py).map_err(Error::Py)
    }

    /// `{name: value}`: how serde_json tags an enum variant that carries data.
    fn tagged(
        &mut self,
        name: &'static str,
        value: Bound<'py, PyAny>,
    ) -> Result<Bound<'py, PyAny>, Error> {
        let dict = PyDict::new(self.py);
        dict.set_item(self.field(name), value)?;
        Ok(dict.into_any())
    }
}

/// Strings up to this many bytes are shared within an answer.
const SHARED_STR: usize = 32;

type Out<'py> = Result<Bound<'py, PyAny>, Error>;

impl<'a, 'py> ser::Serializer for &'a mut ToPy<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    type SerializeSeq = Seq<'a, 'py>;
    type SerializeTuple = Seq<'a, 'py>;
    type SerializeTupleStruct = Seq<'a, 'py>;
    type SerializeTupleVariant = Seq<'a, 'py>;
    type SerializeMap = Map<'a, 'py>;
    type SerializeStruct = Map<'a, 'py>;
    type SerializeStructVariant = Map<'a, 'py>;

    fn serialize_bool(self, v: bool) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_i8(self, v: i8) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_i16(self, v: i16) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_i32(self, v: i32) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_i64(self, v: i64) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_i128(self, v: i128) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_u8(self, v: u8) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_u16(self, v: u16) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_u32(self, v: u32) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_u64(self, v: u64) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_u128(self, v: u128) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_f32(self, v: f32) -> Out<'py> {
        // serde_json writes an f32 by its own shortest text, which reads back as this f64.
        let x: f64 = v.to_string().parse().unwrap_or(f64::from(v));
        self.serialize_f64(x)
    }
    fn serialize_f64(self, v: f64) -> Out<'py> {
        if v.is_finite() {
            self.obj(v)
        } else {
            Ok(self.py.None().into_bound(self.py))
        }
    }
    fn serialize_char(self, v: char) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_str(self, v: &str) -> Out<'py> {
        // Short strings are often repeated (a package's values, ids): shared like keys.
        if v.len() <= SHARED_STR {
            return Ok(self.key(v).into_any());
        }
        Ok(PyString::new(self.py, v).into_any())
    }
    fn serialize_bytes(self, v: &[u8]) -> Out<'py> {
        // serde_json writes bytes as an array of numbers.
        Ok(PyList::new(self.py, v)?.into_any())
    }
    fn serialize_none(self) -> Out<'py> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Out<'py> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Out<'py> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Out<'py> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
    ) -> Out<'py> {
        Ok(self.field(variant).into_any())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Out<'py> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        value: &T,
    ) -> Out<'py> {
        let inner = value.serialize(&mut *self)?;
        self.tagged(variant, inner)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'a, 'py>, Error> {
        Ok(Seq {
            items: Vec::with_capacity(len.unwrap_or(0)),
            variant: None,
            ser: self,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a, 'py>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Seq<'a, 'py>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq<'a, 'py>, Error> {
        let mut seq = self.serialize_seq(Some(len))?;
        seq.variant = Some(variant);
        Ok(seq)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Map<'a, 'py>, Error> {
        Ok(Map {
            dict: PyDict::new(self.py),
            key: None,
            variant: None,
            ser: self,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Map<'a, 'py>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Map<'a, 'py>, Error> {
        let mut map = self.serialize_map(Some(len))?;
        map.variant = Some(variant);
        Ok(map)
    }
}

/// A list being written (tagged by its variant's name when it is an enum's tuple variant).
#[derive(Debug)]
pub struct Seq<'a, 'py> {
    ser: &'a mut ToPy<'py>,
    items: Vec<Bound<'py, PyAny>>,
    variant: Option<&'static str>,
}

impl<'py> Seq<'_, 'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let item = value.serialize(&mut *self.ser)?;
        self.items.push(item);
        Ok(())
    }

    fn finish(self) -> Out<'py> {
        let list = PyList::new(self.ser.py, self.items)?.into_any();
        match self.variant {
            Some(v) => self.ser.tagged(v, list),
            None => Ok(list),
        }
    }
}

impl<'py> ser::SerializeSeq for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeTuple for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeTupleStruct for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeTupleVariant for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

/// A dict being written (tagged by its variant's name when it is an enum's struct variant).
#[derive(Debug)]
pub struct Map<'a, 'py> {
    ser: &'a mut ToPy<'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyString>>,
    variant: Option<&'static str>,
}

impl<'py> Map<'_, 'py> {
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        let key = self.ser.field(key);
        let value = value.serialize(&mut *self.ser)?;
        self.dict.set_item(key, value)?;
        Ok(())
    }

    fn finish(self) -> Out<'py> {
        let dict = self.dict.into_any();
        match self.variant {
            Some(v) => self.ser.tagged(v, dict),
            None => Ok(dict),
        }
    }
}

impl<'py> ser::SerializeMap for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(key.serialize(KeyText(&mut *self.ser))?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| Error::NotJson("a map value without its key".into()))?;
        let value = value.serialize(&mut *self.ser)?;
        self.dict.set_item(key, value)?;
        Ok(())
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeStruct for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeStructVariant for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

/// A map key: a string, as JSON has it (numbers and booleans as their text, like serde_json).
struct KeyText<'a, 'py>(&'a mut ToPy<'py>);

type KeyOut<'py> = Result<Bound<'py, PyString>, Error>;

fn not_a_key<T>() -> Result<T, Error> {
    Err(Error::NotJson("key must be a string".into()))
}

impl<'py> KeyText<'_, 'py> {
    fn text(self, k: &str) -> KeyOut<'py> {
        Ok(self.0.key(k))
    }
}

impl<'py> ser::Serializer for KeyText<'_, 'py> {
    type Ok = Bound<'py, PyString>;
    type Error = Error;
    type SerializeSeq = Impossible<Bound<'py, PyString>, Error>;
    type SerializeTuple = Impossible<Bound<'py, PyString>, Error>;
    type SerializeTupleStruct = Impossible<Bound<'py, PyString>, Error>;
    type SerializeTupleVariant = Impossible<Bound<'py, PyString>, Error>;
    type SerializeMap = Impossible<Bound<'py, PyString>, Error>;
    type SerializeStruct = Impossible<Bound<'py, PyString>, Error>;
    type SerializeStructVariant = Impossible<Bound<'py, PyString>, Error>;

    fn serialize_bool(self, v: bool) -> KeyOut<'py> {
        self.text(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> KeyOut<'py> {
        self.text(&v.to_string())
    }
    fn serialize_i16(self, v: i16) -> KeyOut<'py> {
        self.text(&v.to_string())
    }
    fn serialize_i32(self, v: i32) -> KeyOut<'py> {
        self.text(&v.to_string())
    }
    fn serialize_i64(self, v: i64) -> KeyOut<'py> {
        self.text(&v.to_string())
    }
    fn serialize_i128(self, v: i128) -> KeyOut<'py> {
        self.text(&v.to_string())
    }
    fn serialize_u8(self, v: u8) -> KeyOut<'py> {
        self.text(&v.to_string())
    }
    fn serialize_u16(self, v: u16) -> KeyOut<'py> {
        self.text(&v.to_string())
    }
    fn serialize_u32(self, v: u32) -> KeyOut<'py> {
        self.text(&v.to_string())
    }
    fn serialize_u64(self, v: u64) -> KeyOut<'py> {
        self.text(&v.to_string())
    }
    fn serialize_u128(self, v: u128) -> KeyOut<'py> {
        self.text(&v.to_string())
    }
    fn serialize_f32(self, _v: f32) -> KeyOut<'py> {
        not_a_key()
    }
    fn serialize_f64(self, _v: f64) -> KeyOut<'py> {
        not_a_key()
    }
    fn serialize_char(self, v: char) -> KeyOut<'py> {
        self.text(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> KeyOut<'py> {
        self.text(v)
    }
    fn serialize_bytes(self, _v: &[u8]) -> KeyOut<'py> {
        not_a_key()
    }
    fn serialize_none(self) -> KeyOut<'py> {
        not_a_key()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> KeyOut<'py> {
        not_a_key()
    }
    fn serialize_unit(self) -> KeyOut<'py> {
        not_a_key()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> KeyOut<'py> {
        not_a_key()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
    ) -> KeyOut<'py> {
        self.text(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> KeyOut<'py> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _i: u32,
        _variant: &'static str,
        _value: &T,
    ) -> KeyOut<'py> {
        not_a_key()
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        not_a_key()
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        not_a_key()
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        not_a_key()
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _i: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        not_a_key()
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        not_a_key()
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        not_a_key()
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _i: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        not_a_key()
    }
}
