// Arrow interop (toArrow / fromArrow): see arrow/*.ts.
export {};
