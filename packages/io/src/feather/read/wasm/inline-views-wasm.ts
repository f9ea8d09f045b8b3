// Generated from inline-views.wat by scripts/build-wasm.mjs: do not edit.
/** The compiled inline-views.wat (162 bytes), base64. */
export const INLINE_VIEWS_WASM = 'AGFzbQEAAAABCgFgBX9/f39/AX8DAgEABQMBAEEHEwIGbWVtb3J5AgAGaW5saW5lAAAKbgFsAQR/AkADQCAFIABODQEgASAFQQR0aiEGIAYoAgAhByAHQQxLBEBBfyAFaw8LIAMgCGogBikDBDcDACADIAhqIAYoAgw2AgggCCAHaiEIIAVBAWohBSACIAVBAnRqIAQgCGo2AgAMAAsLIAgL';
