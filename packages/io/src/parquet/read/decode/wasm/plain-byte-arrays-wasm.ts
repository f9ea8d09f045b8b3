// Generated from plain-byte-arrays.wat by scripts/build-wasm.mjs: do not edit.
/** The compiled plain-byte-arrays.wat (186 bytes), base64. */
export const PLAIN_BYTE_ARRAYS_WASM = 'AGFzbQEAAAABCgFgBX9/f39/AX8DAgEABQQBAMEBBxICBm1lbW9yeQIABXNwbGl0AAAKhQEBggEBBH8gASEGAkADQCAFIABPDQEgBkEEaiACSw0BIAYoAgAhByAGQQRqIQYgByACIAZrSw0BIAdBEE0EQCAEIAhqIAb9AAQA/QsEAAUgBCAIaiAGIAf8CgAACyAIIAdqIQggBiAHaiEGIAVBAWohBSADIAVBAnRqIAg2AgAMAAsLIAUL';
