//! Release-line compatibility data for nodus.
