//! Structs as wide as the tuples of slots hold (16 groups of 16) and wider, which `serde_struct!` reads field by
//! field.

oagen_runtime::serde_struct! {
    /// 260 fields and the rest.
    #[derive(Debug, Default, PartialEq)]
    pub struct Wide {
        #[wire(optional)]
        pub f0: Option<i64>,
        #[wire(optional)]
        pub f1: Option<i64>,
        #[wire(optional)]
        pub f2: Option<i64>,
        #[wire(optional)]
        pub f3: Option<i64>,
        #[wire(optional)]
        pub f4: Option<i64>,
        #[wire(optional)]
        pub f5: Option<i64>,
        #[wire(optional)]
        pub f6: Option<i64>,
        #[wire(optional)]
        pub f7: Option<i64>,
        #[wire(optional)]
        pub f8: Option<i64>,
        #[wire(optional)]
        pub f9: Option<i64>,
        #[wire(optional)]
        pub f10: Option<i64>,
        #[wire(optional)]
        pub f11: Option<i64>,
        #[wire(optional)]
        pub f12: Option<i64>,
        #[wire(optional)]
        pub f13: Option<i64>,
        #[wire(optional)]
        pub f14: Option<i64>,
        #[wire(optional)]
        pub f15: Option<i64>,
        #[wire(optional)]
        pub f16: Option<i64>,
        #[wire(optional)]
        pub f17: Option<i64>,
        #[wire(optional)]
        pub f18: Option<i64>,
        #[wire(optional)]
        pub f19: Option<i64>,
        #[wire(optional)]
        pub f20: Option<i64>,
        #[wire(optional)]
        pub f21: Option<i64>,
        #[wire(optional)]
        pub f22: Option<i64>,
        #[wire(optional)]
        pub f23: Option<i64>,
        #[wire(optional)]
        pub f24: Option<i64>,
        #[wire(optional)]
        pub f25: Option<i64>,
        #[wire(optional)]
        pub f26: Option<i64>,
        #[wire(optional)]
        pub f27: Option<i64>,
        #[wire(optional)]
        pub f28: Option<i64>,
        #[wire(optional)]
        pub f29: Option<i64>,
        #[wire(optional)]
        pub f30: Option<i64>,
        #[wire(optional)]
        pub f31: Option<i64>,
        #[wire(optional)]
        pub f32: Option<i64>,
        #[wire(optional)]
        pub f33: Option<i64>,
        #[wire(optional)]
        pub f34: Option<i64>,
        #[wire(optional)]
        pub f35: Option<i64>,
        #[wire(optional)]
        pub f36: Option<i64>,
        #[wire(optional)]
        pub f37: Option<i64>,
        #[wire(optional)]
        pub f38: Option<i64>,
        #[wire(optional)]
        pub f39: Option<i64>,
        #[wire(optional)]
        pub f40: Option<i64>,
        #[wire(optional)]
        pub f41: Option<i64>,
        #[wire(optional)]
        pub f42: Option<i64>,
        #[wire(optional)]
        pub f43: Option<i64>,
        #[wire(optional)]
        pub f44: Option<i64>,
        #[wire(optional)]
        pub f45: Option<i64>,
        #[wire(optional)]
        pub f46: Option<i64>,
        #[wire(optional)]
        pub f47: Option<i64>,
        #[wire(optional)]
        pub f48: Option<i64>,
        #[wire(optional)]
        pub f49: Option<i64>,
        #[wire(optional)]
        pub f50: Option<i64>,
        #[wire(optional)]
        pub f51: Option<i64>,
        #[wire(optional)]
        pub f52: Option<i64>,
        #[wire(optional)]
        pub f53: Option<i64>,
        #[wire(optional)]
        pub f54: Option<i64>,
        #[wire(optional)]
        pub f55: Option<i64>,
        #[wire(optional)]
        pub f56: Option<i64>,
        #[wire(optional)]
        pub f57: Option<i64>,
        #[wire(optional)]
        pub f58: Option<i64>,
        #[wire(optional)]
        pub f59: Option<i64>,
        #[wire(optional)]
        pub f60: Option<i64>,
        #[wire(optional)]
        pub f61: Option<i64>,
        #[wire(optional)]
        pub f62: Option<i64>,
        #[wire(optional)]
        pub f63: Option<i64>,
        #[wire(optional)]
        pub f64: Option<i64>,
        #[wire(optional)]
        pub f65: Option<i64>,
        #[wire(optional)]
        pub f66: Option<i64>,
        #[wire(optional)]
        pub f67: Option<i64>,
        #[wire(optional)]
        pub f68: Option<i64>,
        #[wire(optional)]
        pub f69: Option<i64>,
        #[wire(optional)]
        pub f70: Option<i64>,
        #[wire(optional)]
        pub f71: Option<i64>,
        #[wire(optional)]
        pub f72: Option<i64>,
        #[wire(optional)]
        pub f73: Option<i64>,
        #[wire(optional)]
        pub f74: Option<i64>,
        #[wire(optional)]
        pub f75: Option<i64>,
        #[wire(optional)]
        pub f76: Option<i64>,
        #[wire(optional)]
        pub f77: Option<i64>,
        #[wire(optional)]
        pub f78: Option<i64>,
        #[wire(optional)]
        pub f79: Option<i64>,
        #[wire(optional)]
        pub f80: Option<i64>,
        #[wire(optional)]
        pub f81: Option<i64>,
        #[wire(optional)]
        pub f82: Option<i64>,
        #[wire(optional)]
        pub f83: Option<i64>,
        #[wire(optional)]
        pub f84: Option<i64>,
        #[wire(optional)]
        pub f85: Option<i64>,
        #[wire(optional)]
        pub f86: Option<i64>,
        #[wire(optional)]
        pub f87: Option<i64>,
        #[wire(optional)]
        pub f88: Option<i64>,
        #[wire(optional)]
        pub f89: Option<i64>,
        #[wire(optional)]
        pub f90: Option<i64>,
        #[wire(optional)]
        pub f91: Option<i64>,
        #[wire(optional)]
        pub f92: Option<i64>,
        #[wire(optional)]
        pub f93: Option<i64>,
        #[wire(optional)]
        pub f94: Option<i64>,
        #[wire(optional)]
        pub f95: Option<i64>,
        #[wire(optional)]
        pub f96: Option<i64>,
        #[wire(optional)]
        pub f97: Option<i64>,
        #[wire(optional)]
        pub f98: Option<i64>,
        #[wire(optional)]
        pub f99: Option<i64>,
        #[wire(optional)]
        pub f100: Option<i64>,
        #[wire(optional)]
        pub f101: Option<i64>,
        #[wire(optional)]
        pub f102: Option<i64>,
        #[wire(optional)]
        pub f103: Option<i64>,
        #[wire(optional)]
        pub f104: Option<i64>,
        #[wire(optional)]
        pub f105: Option<i64>,
        #[wire(optional)]
        pub f106: Option<i64>,
        #[wire(optional)]
        pub f107: Option<i64>,
        #[wire(optional)]
        pub f108: Option<i64>,
        #[wire(optional)]
        pub f109: Option<i64>,
        #[wire(optional)]
        pub f110: Option<i64>,
        #[wire(optional)]
        pub f111: Option<i64>,
        #[wire(optional)]
        pub f112: Option<i64>,
        #[wire(optional)]
        pub f113: Option<i64>,
        #[wire(optional)]
        pub f114: Option<i64>,
        #[wire(optional)]
        pub f115: Option<i64>,
        #[wire(optional)]
        pub f116: Option<i64>,
        #[wire(optional)]
        pub f117: Option<i64>,
        #[wire(optional)]
        pub f118: Option<i64>,
        #[wire(optional)]
        pub f119: Option<i64>,
        #[wire(optional)]
        pub f120: Option<i64>,
        #[wire(optional)]
        pub f121: Option<i64>,
        #[wire(optional)]
        pub f122: Option<i64>,
        #[wire(optional)]
        pub f123: Option<i64>,
        #[wire(optional)]
        pub f124: Option<i64>,
        #[wire(optional)]
        pub f125: Option<i64>,
        #[wire(optional)]
        pub f126: Option<i64>,
        #[wire(optional)]
        pub f127: Option<i64>,
        #[wire(optional)]
        pub f128: Option<i64>,
        #[wire(optional)]
        pub f129: Option<i64>,
        #[wire(optional)]
        pub f130: Option<i64>,
        #[wire(optional)]
        pub f131: Option<i64>,
        #[wire(optional)]
        pub f132: Option<i64>,
        #[wire(optional)]
        pub f133: Option<i64>,
        #[wire(optional)]
        pub f134: Option<i64>,
        #[wire(optional)]
        pub f135: Option<i64>,
        #[wire(optional)]
        pub f136: Option<i64>,
        #[wire(optional)]
        pub f137: Option<i64>,
        #[wire(optional)]
        pub f138: Option<i64>,
        #[wire(optional)]
        pub f139: Option<i64>,
        #[wire(optional)]
        pub f140: Option<i64>,
        #[wire(optional)]
        pub f141: Option<i64>,
        #[wire(optional)]
        pub f142: Option<i64>,
        #[wire(optional)]
        pub f143: Option<i64>,
        #[wire(optional)]
        pub f144: Option<i64>,
        #[wire(optional)]
        pub f145: Option<i64>,
        #[wire(optional)]
        pub f146: Option<i64>,
        #[wire(optional)]
        pub f147: Option<i64>,
        #[wire(optional)]
        pub f148: Option<i64>,
        #[wire(optional)]
        pub f149: Option<i64>,
        #[wire(optional)]
        pub f150: Option<i64>,
        #[wire(optional)]
        pub f151: Option<i64>,
        #[wire(optional)]
        pub f152: Option<i64>,
        #[wire(optional)]
        pub f153: Option<i64>,
        #[wire(optional)]
        pub f154: Option<i64>,
        #[wire(optional)]
        pub f155: Option<i64>,
        #[wire(optional)]
        pub f156: Option<i64>,
        #[wire(optional)]
        pub f157: Option<i64>,
        #[wire(optional)]
        pub f158: Option<i64>,
        #[wire(optional)]
        pub f159: Option<i64>,
        #[wire(optional)]
        pub f160: Option<i64>,
        #[wire(optional)]
        pub f161: Option<i64>,
        #[wire(optional)]
        pub f162: Option<i64>,
        #[wire(optional)]
        pub f163: Option<i64>,
        #[wire(optional)]
        pub f164: Option<i64>,
        #[wire(optional)]
        pub f165: Option<i64>,
        #[wire(optional)]
        pub f166: Option<i64>,
        #[wire(optional)]
        pub f167: Option<i64>,
        #[wire(optional)]
        pub f168: Option<i64>,
        #[wire(optional)]
        pub f169: Option<i64>,
        #[wire(optional)]
        pub f170: Option<i64>,
        #[wire(optional)]
        pub f171: Option<i64>,
        #[wire(optional)]
        pub f172: Option<i64>,
        #[wire(optional)]
        pub f173: Option<i64>,
        #[wire(optional)]
        pub f174: Option<i64>,
        #[wire(optional)]
        pub f175: Option<i64>,
        #[wire(optional)]
        pub f176: Option<i64>,
        #[wire(optional)]
        pub f177: Option<i64>,
        #[wire(optional)]
        pub f178: Option<i64>,
        #[wire(optional)]
        pub f179: Option<i64>,
        #[wire(optional)]
        pub f180: Option<i64>,
        #[wire(optional)]
        pub f181: Option<i64>,
        #[wire(optional)]
        pub f182: Option<i64>,
        #[wire(optional)]
        pub f183: Option<i64>,
        #[wire(optional)]
        pub f184: Option<i64>,
        #[wire(optional)]
        pub f185: Option<i64>,
        #[wire(optional)]
        pub f186: Option<i64>,
        #[wire(optional)]
        pub f187: Option<i64>,
        #[wire(optional)]
        pub f188: Option<i64>,
        #[wire(optional)]
        pub f189: Option<i64>,
        #[wire(optional)]
        pub f190: Option<i64>,
        #[wire(optional)]
        pub f191: Option<i64>,
        #[wire(optional)]
        pub f192: Option<i64>,
        #[wire(optional)]
        pub f193: Option<i64>,
        #[wire(optional)]
        pub f194: Option<i64>,
        #[wire(optional)]
        pub f195: Option<i64>,
        #[wire(optional)]
        pub f196: Option<i64>,
        #[wire(optional)]
        pub f197: Option<i64>,
        #[wire(optional)]
        pub f198: Option<i64>,
        #[wire(optional)]
        pub f199: Option<i64>,
        #[wire(optional)]
        pub f200: Option<i64>,
        #[wire(optional)]
        pub f201: Option<i64>,
        #[wire(optional)]
        pub f202: Option<i64>,
        #[wire(optional)]
        pub f203: Option<i64>,
        #[wire(optional)]
        pub f204: Option<i64>,
        #[wire(optional)]
        pub f205: Option<i64>,
        #[wire(optional)]
        pub f206: Option<i64>,
        #[wire(optional)]
        pub f207: Option<i64>,
        #[wire(optional)]
        pub f208: Option<i64>,
        #[wire(optional)]
        pub f209: Option<i64>,
        #[wire(optional)]
        pub f210: Option<i64>,
        #[wire(optional)]
        pub f211: Option<i64>,
        #[wire(optional)]
        pub f212: Option<i64>,
        #[wire(optional)]
        pub f213: Option<i64>,
        #[wire(optional)]
        pub f214: Option<i64>,
        #[wire(optional)]
        pub f215: Option<i64>,
        #[wire(optional)]
        pub f216: Option<i64>,
        #[wire(optional)]
        pub f217: Option<i64>,
        #[wire(optional)]
        pub f218: Option<i64>,
        #[wire(optional)]
        pub f219: Option<i64>,
        #[wire(optional)]
        pub f220: Option<i64>,
        #[wire(optional)]
        pub f221: Option<i64>,
        #[wire(optional)]
        pub f222: Option<i64>,
        #[wire(optional)]
        pub f223: Option<i64>,
        #[wire(optional)]
        pub f224: Option<i64>,
        #[wire(optional)]
        pub f225: Option<i64>,
        #[wire(optional)]
        pub f226: Option<i64>,
        #[wire(optional)]
        pub f227: Option<i64>,
        #[wire(optional)]
        pub f228: Option<i64>,
        #[wire(optional)]
        pub f229: Option<i64>,
        #[wire(optional)]
        pub f230: Option<i64>,
        #[wire(optional)]
        pub f231: Option<i64>,
        #[wire(optional)]
        pub f232: Option<i64>,
        #[wire(optional)]
        pub f233: Option<i64>,
        #[wire(optional)]
        pub f234: Option<i64>,
        #[wire(optional)]
        pub f235: Option<i64>,
        #[wire(optional)]
        pub f236: Option<i64>,
        #[wire(optional)]
        pub f237: Option<i64>,
        #[wire(optional)]
        pub f238: Option<i64>,
        #[wire(optional)]
        pub f239: Option<i64>,
        #[wire(optional)]
        pub f240: Option<i64>,
        #[wire(optional)]
        pub f241: Option<i64>,
        #[wire(optional)]
        pub f242: Option<i64>,
        #[wire(optional)]
        pub f243: Option<i64>,
        #[wire(optional)]
        pub f244: Option<i64>,
        #[wire(optional)]
        pub f245: Option<i64>,
        #[wire(optional)]
        pub f246: Option<i64>,
        #[wire(optional)]
        pub f247: Option<i64>,
        #[wire(optional)]
        pub f248: Option<i64>,
        #[wire(optional)]
        pub f249: Option<i64>,
        #[wire(optional)]
        pub f250: Option<i64>,
        #[wire(optional)]
        pub f251: Option<i64>,
        #[wire(optional)]
        pub f252: Option<i64>,
        #[wire(optional)]
        pub f253: Option<i64>,
        #[wire(optional)]
        pub f254: Option<i64>,
        #[wire(optional)]
        pub f255: Option<i64>,
        #[wire(optional)]
        pub f256: Option<i64>,
        #[wire(required, rename = "two hundred fifty-seven")]
        pub f257: String,
        #[wire(optional)]
        pub f258: Option<i64>,
        #[wire(optional)]
        pub f259: Option<i64>,
        #[additional]
        pub rest: serde_json::Map<String, serde_json::Value>,
    }
}

oagen_runtime::serde_struct! {
    /// Exactly sixteen groups of sixteen: the widest struct read into tuples of slots.
    #[derive(Debug, Default, PartialEq)]
    pub struct Full {
        #[wire(optional)]
        pub f0: Option<i64>,
        #[wire(optional)]
        pub f1: Option<i64>,
        #[wire(optional)]
        pub f2: Option<i64>,
        #[wire(optional)]
        pub f3: Option<i64>,
        #[wire(optional)]
        pub f4: Option<i64>,
        #[wire(optional)]
        pub f5: Option<i64>,
        #[wire(optional)]
        pub f6: Option<i64>,
        #[wire(optional)]
        pub f7: Option<i64>,
        #[wire(optional)]
        pub f8: Option<i64>,
        #[wire(optional)]
        pub f9: Option<i64>,
        #[wire(optional)]
        pub f10: Option<i64>,
        #[wire(optional)]
        pub f11: Option<i64>,
        #[wire(optional)]
        pub f12: Option<i64>,
        #[wire(optional)]
        pub f13: Option<i64>,
        #[wire(optional)]
        pub f14: Option<i64>,
        #[wire(optional)]
        pub f15: Option<i64>,
        #[wire(optional)]
        pub f16: Option<i64>,
        #[wire(optional)]
        pub f17: Option<i64>,
        #[wire(optional)]
        pub f18: Option<i64>,
        #[wire(optional)]
        pub f19: Option<i64>,
        #[wire(optional)]
        pub f20: Option<i64>,
        #[wire(optional)]
        pub f21: Option<i64>,
        #[wire(optional)]
        pub f22: Option<i64>,
        #[wire(optional)]
        pub f23: Option<i64>,
        #[wire(optional)]
        pub f24: Option<i64>,
        #[wire(optional)]
        pub f25: Option<i64>,
        #[wire(optional)]
        pub f26: Option<i64>,
        #[wire(optional)]
        pub f27: Option<i64>,
        #[wire(optional)]
        pub f28: Option<i64>,
        #[wire(optional)]
        pub f29: Option<i64>,
        #[wire(optional)]
        pub f30: Option<i64>,
        #[wire(optional)]
        pub f31: Option<i64>,
        #[wire(optional)]
        pub f32: Option<i64>,
        #[wire(optional)]
        pub f33: Option<i64>,
        #[wire(optional)]
        pub f34: Option<i64>,
        #[wire(optional)]
        pub f35: Option<i64>,
        #[wire(optional)]
        pub f36: Option<i64>,
        #[wire(optional)]
        pub f37: Option<i64>,
        #[wire(optional)]
        pub f38: Option<i64>,
        #[wire(optional)]
        pub f39: Option<i64>,
        #[wire(optional)]
        pub f40: Option<i64>,
        #[wire(optional)]
        pub f41: Option<i64>,
        #[wire(optional)]
        pub f42: Option<i64>,
        #[wire(optional)]
        pub f43: Option<i64>,
        #[wire(optional)]
        pub f44: Option<i64>,
        #[wire(optional)]
        pub f45: Option<i64>,
        #[wire(optional)]
        pub f46: Option<i64>,
        #[wire(optional)]
        pub f47: Option<i64>,
        #[wire(optional)]
        pub f48: Option<i64>,
        #[wire(optional)]
        pub f49: Option<i64>,
        #[wire(optional)]
        pub f50: Option<i64>,
        #[wire(optional)]
        pub f51: Option<i64>,
        #[wire(optional)]
        pub f52: Option<i64>,
        #[wire(optional)]
        pub f53: Option<i64>,
        #[wire(optional)]
        pub f54: Option<i64>,
        #[wire(optional)]
        pub f55: Option<i64>,
        #[wire(optional)]
        pub f56: Option<i64>,
        #[wire(optional)]
        pub f57: Option<i64>,
        #[wire(optional)]
        pub f58: Option<i64>,
        #[wire(optional)]
        pub f59: Option<i64>,
        #[wire(optional)]
        pub f60: Option<i64>,
        #[wire(optional)]
        pub f61: Option<i64>,
        #[wire(optional)]
        pub f62: Option<i64>,
        #[wire(optional)]
        pub f63: Option<i64>,
        #[wire(optional)]
        pub f64: Option<i64>,
        #[wire(optional)]
        pub f65: Option<i64>,
        #[wire(optional)]
        pub f66: Option<i64>,
        #[wire(optional)]
        pub f67: Option<i64>,
        #[wire(optional)]
        pub f68: Option<i64>,
        #[wire(optional)]
        pub f69: Option<i64>,
        #[wire(optional)]
        pub f70: Option<i64>,
        #[wire(optional)]
        pub f71: Option<i64>,
        #[wire(optional)]
        pub f72: Option<i64>,
        #[wire(optional)]
        pub f73: Option<i64>,
        #[wire(optional)]
        pub f74: Option<i64>,
        #[wire(optional)]
        pub f75: Option<i64>,
        #[wire(optional)]
        pub f76: Option<i64>,
        #[wire(optional)]
        pub f77: Option<i64>,
        #[wire(optional)]
        pub f78: Option<i64>,
        #[wire(optional)]
        pub f79: Option<i64>,
        #[wire(optional)]
        pub f80: Option<i64>,
        #[wire(optional)]
        pub f81: Option<i64>,
        #[wire(optional)]
        pub f82: Option<i64>,
        #[wire(optional)]
        pub f83: Option<i64>,
        #[wire(optional)]
        pub f84: Option<i64>,
        #[wire(optional)]
        pub f85: Option<i64>,
        #[wire(optional)]
        pub f86: Option<i64>,
        #[wire(optional)]
        pub f87: Option<i64>,
        #[wire(optional)]
        pub f88: Option<i64>,
        #[wire(optional)]
        pub f89: Option<i64>,
        #[wire(optional)]
        pub f90: Option<i64>,
        #[wire(optional)]
        pub f91: Option<i64>,
        #[wire(optional)]
        pub f92: Option<i64>,
        #[wire(optional)]
        pub f93: Option<i64>,
        #[wire(optional)]
        pub f94: Option<i64>,
        #[wire(optional)]
        pub f95: Option<i64>,
        #[wire(optional)]
        pub f96: Option<i64>,
        #[wire(optional)]
        pub f97: Option<i64>,
        #[wire(optional)]
        pub f98: Option<i64>,
        #[wire(optional)]
        pub f99: Option<i64>,
        #[wire(optional)]
        pub f100: Option<i64>,
        #[wire(optional)]
        pub f101: Option<i64>,
        #[wire(optional)]
        pub f102: Option<i64>,
        #[wire(optional)]
        pub f103: Option<i64>,
        #[wire(optional)]
        pub f104: Option<i64>,
        #[wire(optional)]
        pub f105: Option<i64>,
        #[wire(optional)]
        pub f106: Option<i64>,
        #[wire(optional)]
        pub f107: Option<i64>,
        #[wire(optional)]
        pub f108: Option<i64>,
        #[wire(optional)]
        pub f109: Option<i64>,
        #[wire(optional)]
        pub f110: Option<i64>,
        #[wire(optional)]
        pub f111: Option<i64>,
        #[wire(optional)]
        pub f112: Option<i64>,
        #[wire(optional)]
        pub f113: Option<i64>,
        #[wire(optional)]
        pub f114: Option<i64>,
        #[wire(optional)]
        pub f115: Option<i64>,
        #[wire(optional)]
        pub f116: Option<i64>,
        #[wire(optional)]
        pub f117: Option<i64>,
        #[wire(optional)]
        pub f118: Option<i64>,
        #[wire(optional)]
        pub f119: Option<i64>,
        #[wire(optional)]
        pub f120: Option<i64>,
        #[wire(optional)]
        pub f121: Option<i64>,
        #[wire(optional)]
        pub f122: Option<i64>,
        #[wire(optional)]
        pub f123: Option<i64>,
        #[wire(optional)]
        pub f124: Option<i64>,
        #[wire(optional)]
        pub f125: Option<i64>,
        #[wire(optional)]
        pub f126: Option<i64>,
        #[wire(optional)]
        pub f127: Option<i64>,
        #[wire(optional)]
        pub f128: Option<i64>,
        #[wire(optional)]
        pub f129: Option<i64>,
        #[wire(optional)]
        pub f130: Option<i64>,
        #[wire(optional)]
        pub f131: Option<i64>,
        #[wire(optional)]
        pub f132: Option<i64>,
        #[wire(optional)]
        pub f133: Option<i64>,
        #[wire(optional)]
        pub f134: Option<i64>,
        #[wire(optional)]
        pub f135: Option<i64>,
        #[wire(optional)]
        pub f136: Option<i64>,
        #[wire(optional)]
        pub f137: Option<i64>,
        #[wire(optional)]
        pub f138: Option<i64>,
        #[wire(optional)]
        pub f139: Option<i64>,
        #[wire(optional)]
        pub f140: Option<i64>,
        #[wire(optional)]
        pub f141: Option<i64>,
        #[wire(optional)]
        pub f142: Option<i64>,
        #[wire(optional)]
        pub f143: Option<i64>,
        #[wire(optional)]
        pub f144: Option<i64>,
        #[wire(optional)]
        pub f145: Option<i64>,
        #[wire(optional)]
        pub f146: Option<i64>,
        #[wire(optional)]
        pub f147: Option<i64>,
        #[wire(optional)]
        pub f148: Option<i64>,
        #[wire(optional)]
        pub f149: Option<i64>,
        #[wire(optional)]
        pub f150: Option<i64>,
        #[wire(optional)]
        pub f151: Option<i64>,
        #[wire(optional)]
        pub f152: Option<i64>,
        #[wire(optional)]
        pub f153: Option<i64>,
        #[wire(optional)]
        pub f154: Option<i64>,
        #[wire(optional)]
        pub f155: Option<i64>,
        #[wire(optional)]
        pub f156: Option<i64>,
        #[wire(optional)]
        pub f157: Option<i64>,
        #[wire(optional)]
        pub f158: Option<i64>,
        #[wire(optional)]
        pub f159: Option<i64>,
        #[wire(optional)]
        pub f160: Option<i64>,
        #[wire(optional)]
        pub f161: Option<i64>,
        #[wire(optional)]
        pub f162: Option<i64>,
        #[wire(optional)]
        pub f163: Option<i64>,
        #[wire(optional)]
        pub f164: Option<i64>,
        #[wire(optional)]
        pub f165: Option<i64>,
        #[wire(optional)]
        pub f166: Option<i64>,
        #[wire(optional)]
        pub f167: Option<i64>,
        #[wire(optional)]
        pub f168: Option<i64>,
        #[wire(optional)]
        pub f169: Option<i64>,
        #[wire(optional)]
        pub f170: Option<i64>,
        #[wire(optional)]
        pub f171: Option<i64>,
        #[wire(optional)]
        pub f172: Option<i64>,
        #[wire(optional)]
        pub f173: Option<i64>,
        #[wire(optional)]
        pub f174: Option<i64>,
        #[wire(optional)]
        pub f175: Option<i64>,
        #[wire(optional)]
        pub f176: Option<i64>,
        #[wire(optional)]
        pub f177: Option<i64>,
        #[wire(optional)]
        pub f178: Option<i64>,
        #[wire(optional)]
        pub f179: Option<i64>,
        #[wire(optional)]
        pub f180: Option<i64>,
        #[wire(optional)]
        pub f181: Option<i64>,
        #[wire(optional)]
        pub f182: Option<i64>,
        #[wire(optional)]
        pub f183: Option<i64>,
        #[wire(optional)]
        pub f184: Option<i64>,
        #[wire(optional)]
        pub f185: Option<i64>,
        #[wire(optional)]
        pub f186: Option<i64>,
        #[wire(optional)]
        pub f187: Option<i64>,
        #[wire(optional)]
        pub f188: Option<i64>,
        #[wire(optional)]
        pub f189: Option<i64>,
        #[wire(optional)]
        pub f190: Option<i64>,
        #[wire(optional)]
        pub f191: Option<i64>,
        #[wire(optional)]
        pub f192: Option<i64>,
        #[wire(optional)]
        pub f193: Option<i64>,
        #[wire(optional)]
        pub f194: Option<i64>,
        #[wire(optional)]
        pub f195: Option<i64>,
        #[wire(optional)]
        pub f196: Option<i64>,
        #[wire(optional)]
        pub f197: Option<i64>,
        #[wire(optional)]
        pub f198: Option<i64>,
        #[wire(optional)]
        pub f199: Option<i64>,
        #[wire(optional)]
        pub f200: Option<i64>,
        #[wire(optional)]
        pub f201: Option<i64>,
        #[wire(optional)]
        pub f202: Option<i64>,
        #[wire(optional)]
        pub f203: Option<i64>,
        #[wire(optional)]
        pub f204: Option<i64>,
        #[wire(optional)]
        pub f205: Option<i64>,
        #[wire(optional)]
        pub f206: Option<i64>,
        #[wire(optional)]
        pub f207: Option<i64>,
        #[wire(optional)]
        pub f208: Option<i64>,
        #[wire(optional)]
        pub f209: Option<i64>,
        #[wire(optional)]
        pub f210: Option<i64>,
        #[wire(optional)]
        pub f211: Option<i64>,
        #[wire(optional)]
        pub f212: Option<i64>,
        #[wire(optional)]
        pub f213: Option<i64>,
        #[wire(optional)]
        pub f214: Option<i64>,
        #[wire(optional)]
        pub f215: Option<i64>,
        #[wire(optional)]
        pub f216: Option<i64>,
        #[wire(optional)]
        pub f217: Option<i64>,
        #[wire(optional)]
        pub f218: Option<i64>,
        #[wire(optional)]
        pub f219: Option<i64>,
        #[wire(optional)]
        pub f220: Option<i64>,
        #[wire(optional)]
        pub f221: Option<i64>,
        #[wire(optional)]
        pub f222: Option<i64>,
        #[wire(optional)]
        pub f223: Option<i64>,
        #[wire(optional)]
        pub f224: Option<i64>,
        #[wire(optional)]
        pub f225: Option<i64>,
        #[wire(optional)]
        pub f226: Option<i64>,
        #[wire(optional)]
        pub f227: Option<i64>,
        #[wire(optional)]
        pub f228: Option<i64>,
        #[wire(optional)]
        pub f229: Option<i64>,
        #[wire(optional)]
        pub f230: Option<i64>,
        #[wire(optional)]
        pub f231: Option<i64>,
        #[wire(optional)]
        pub f232: Option<i64>,
        #[wire(optional)]
        pub f233: Option<i64>,
        #[wire(optional)]
        pub f234: Option<i64>,
        #[wire(optional)]
        pub f235: Option<i64>,
        #[wire(optional)]
        pub f236: Option<i64>,
        #[wire(optional)]
        pub f237: Option<i64>,
        #[wire(optional)]
        pub f238: Option<i64>,
        #[wire(optional)]
        pub f239: Option<i64>,
        #[wire(optional)]
        pub f240: Option<i64>,
        #[wire(optional)]
        pub f241: Option<i64>,
        #[wire(optional)]
        pub f242: Option<i64>,
        #[wire(optional)]
        pub f243: Option<i64>,
        #[wire(optional)]
        pub f244: Option<i64>,
        #[wire(optional)]
        pub f245: Option<i64>,
        #[wire(optional)]
        pub f246: Option<i64>,
        #[wire(optional)]
        pub f247: Option<i64>,
        #[wire(optional)]
        pub f248: Option<i64>,
        #[wire(optional)]
        pub f249: Option<i64>,
        #[wire(optional)]
        pub f250: Option<i64>,
        #[wire(optional)]
        pub f251: Option<i64>,
        #[wire(optional)]
        pub f252: Option<i64>,
        #[wire(optional)]
        pub f253: Option<i64>,
        #[wire(optional)]
        pub f254: Option<i64>,
        #[wire(optional)]
        pub f255: Option<i64>,
    }
}

#[test]
fn every_field_of_a_struct_wider_than_the_groups_is_read_and_written() {
    let json = serde_json::json!({
        "f0": 0, "f16": 16, "f255": 255, "f256": 256, "f259": 259, "two hundred fifty-seven": "s", "other": true
    });
    let wide: Wide = serde_json::from_value(json.clone()).expect("reads");
    assert_eq!((wide.f0, wide.f16, wide.f255), (Some(0), Some(16), Some(255)));
    assert_eq!((wide.f256, wide.f259, wide.f1), (Some(256), Some(259), None));
    assert_eq!((wide.f257.as_str(), wide.rest.get("other")), ("s", Some(&serde_json::json!(true))));
    assert_eq!(serde_json::to_value(&wide).expect("writes"), json);
    let missing = serde_json::from_value::<Wide>(serde_json::json!({"f0": 1})).map_err(|e| e.to_string());
    assert_eq!(missing.err().as_deref(), Some("missing field `two hundred fifty-seven`"));
}

#[test]
fn every_field_of_sixteen_full_groups_is_read_and_written() {
    let json = serde_json::json!({"f0": 0, "f15": 15, "f16": 16, "f240": 240, "f255": 255});
    let full: Full = serde_json::from_value(json.clone()).expect("reads");
    assert_eq!((full.f0, full.f15, full.f16), (Some(0), Some(15), Some(16)));
    assert_eq!((full.f240, full.f255, full.f1), (Some(240), Some(255), None));
    assert_eq!(serde_json::to_value(&full).expect("writes"), json);
    let repeated = serde_json::from_str::<Full>(r#"{"f1": 1, "f1": 2}"#).map_err(|e| e.to_string());
    assert!(repeated.is_err_and(|e| e.contains("duplicate field `f1`")));
}
