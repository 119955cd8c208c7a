//! Pages → API model.
