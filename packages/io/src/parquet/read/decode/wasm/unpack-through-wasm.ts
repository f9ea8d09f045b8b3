// Generated from unpack-through.wat by scripts/build-wasm.mjs: do not edit.
/** The compiled unpack-through.wat (192 bytes), base64. */
export const UNPACK_THROUGH_WASM = 'AGFzbQEAAAABDAFgB39/f39/f38BfwMCAQAFBAEAgAIHEwIGbWVtb3J5AgAGdW5wYWNrAAAKiAEBhQEBBX8gAkEgTwR/QX8FQQEgAnRBAWsLIQoCQANAIAcgA04NASAAIAFBBXZBAnRqIQggAUEfcSEJIAgoAgAgCXYgCCgCBEEfIAlrdEEBdHIgCnEhCyALIAZPDQEgBCAHQQJ0aiAFIAtBAnRqKAIANgIAIAEgAmohASAHQQFqIQcMAAsLIAcL';
