//! 统一出件 and 一邮送达: how the applicant wants the result (at the
//! window, by themselves or a named proxy, or by post), what the issuing
//! window records when it posts it, the licence an electronic seal signs,
//! and the codes that find a licence (to verify it) and a pickup (the
//! numeric fallback of the pickup QR).

use crate::catalog::IssuedDocument;
use crate::{ApplicationNumber, CalendarDay, Localized, MatterCode, MobileNumber, ResidentId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Longest name, carrier or tracking number kept.
pub const MAX_SHORT: usize = 40;
/// Longest postal address kept.
pub const MAX_ADDRESS: usize = 200;

/// Who may collect at the window besides the applicant (代领人).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proxy {
    pub name: String,
    /// A checked 居民身份证号码 (kept as text: its check needs a date).
    pub id: String,
}

impl Proxy {
    pub fn id_masked(&self) -> String {
        crate::masking::mask_middle(&self.id, 3, 4)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostalAddress {
    pub recipient: String,
    pub phone: MobileNumber,
    pub address: String,
}

/// 领取方式: chosen by the applicant, changeable until the result is issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// 窗口领取, by the applicant or the named proxy.
    Window { proxy: Option<Proxy> },
    /// 邮寄送达 (free post, 一邮送达).
    Post(PostalAddress),
}

impl Default for Delivery {
    /// Nothing chosen: the result waits at the window for the applicant.
    fn default() -> Self {
        Delivery::Window { proxy: None }
    }
}

impl Delivery {
    pub fn is_post(&self) -> bool {
        matches!(self, Delivery::Post(_))
    }

    pub fn proxy(&self) -> Option<&Proxy> {
        match self {
            Delivery::Window { proxy } => proxy.as_ref(),
            Delivery::Post(_) => None,
        }
    }
}

/// What is wrong with a delivery or shipment form, field by field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum DeliveryProblem {
    #[error("choose pickup at the window or post")]
    NoMethod,
    #[error("the recipient's name is missing")]
    NoRecipient,
    #[error("the recipient's mobile number is not valid")]
    BadPhone,
    #[error("the postal address is missing")]
    NoAddress,
    #[error("the proxy's name is missing")]
    NoProxyName,
    #[error("the proxy's ID number is not valid")]
    BadProxyId,
    #[error("too long")]
    TooLong { field: String },
    #[error("contains invisible or control characters")]
    Invisible { field: String },
    #[error("a name needs a letter")]
    NoLetter { field: String },
    #[error("the carrier is missing")]
    NoCarrier,
    #[error("the tracking number is missing or not letters and digits")]
    BadTracking,
}

impl DeliveryProblem {
    /// The form field the problem is about.
    pub fn field(&self) -> &str {
        match self {
            DeliveryProblem::NoMethod => "method",
            DeliveryProblem::NoRecipient => "recipient",
            DeliveryProblem::BadPhone => "phone",
            DeliveryProblem::NoAddress => "address",
            DeliveryProblem::NoProxyName => "proxy_name",
            DeliveryProblem::BadProxyId => "proxy_id",
            DeliveryProblem::TooLong { field }
            | DeliveryProblem::Invisible { field }
            | DeliveryProblem::NoLetter { field } => field.as_str(),
            DeliveryProblem::NoCarrier => "carrier",
            DeliveryProblem::BadTracking => "tracking",
        }
    }
}

fn value<'a>(pairs: &'a [(String, String)], key: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.trim())
        .unwrap_or("")
}

/// One line of readable text (crate::text: a newline or an invisible
/// character would change how a licence or a record reads): refused, not
/// rewritten. Names need a letter.
fn short(
    pairs: &[(String, String)],
    key: &'static str,
    max: usize,
    missing: DeliveryProblem,
    problems: &mut Vec<DeliveryProblem>,
) -> String {
    let v = value(pairs, key).to_string();
    let is_name = key.ends_with("name") || key == "recipient";
    let checked = if is_name {
        crate::text::check_name(&v)
    } else {
        crate::text::check(&v, false)
    };
    if v.is_empty() {
        problems.push(missing);
    } else if v.chars().count() > max {
        problems.push(DeliveryProblem::TooLong {
            field: key.to_string(),
        });
    } else if let Err(p) = checked {
        let field = key.to_string();
        problems.push(match p {
            crate::text::TextProblem::Invisible => DeliveryProblem::Invisible { field },
            crate::text::TextProblem::NoLetter => DeliveryProblem::NoLetter { field },
        });
    }
    v
}

/// Parses the applicant's choice: `method` = `window` (optional
/// `proxy_name` + `proxy_id`, both or neither) or `post` (`recipient`,
/// `phone`, `address`). Every problem at once.
pub fn parse_delivery(
    pairs: &[(String, String)],
    today: CalendarDay,
) -> Result<Delivery, Vec<DeliveryProblem>> {
    let mut problems = Vec::new();
    let delivery = match value(pairs, "method") {
        "window" => {
            let (name, id) = (value(pairs, "proxy_name"), value(pairs, "proxy_id"));
            if name.is_empty() && id.is_empty() {
                Delivery::Window { proxy: None }
            } else {
                let name = short(
                    pairs,
                    "proxy_name",
                    MAX_SHORT,
                    DeliveryProblem::NoProxyName,
                    &mut problems,
                );
                match ResidentId::parse(id, today) {
                    Ok(id) => Delivery::Window {
                        proxy: Some(Proxy {
                            name,
                            id: id.as_str().to_string(),
                        }),
                    },
                    Err(_) => {
                        problems.push(DeliveryProblem::BadProxyId);
                        Delivery::default()
                    }
                }
            }
        }
        "post" => {
            let recipient = short(
                pairs,
                "recipient",
                MAX_SHORT,
                DeliveryProblem::NoRecipient,
                &mut problems,
            );
            let address = short(
                pairs,
                "address",
                MAX_ADDRESS,
                DeliveryProblem::NoAddress,
                &mut problems,
            );
            match MobileNumber::parse(value(pairs, "phone")) {
                Ok(phone) => Delivery::Post(PostalAddress {
                    recipient,
                    phone,
                    address,
                }),
                Err(_) => {
                    problems.push(DeliveryProblem::BadPhone);
                    Delivery::default()
                }
            }
        }
        _ => {
            problems.push(DeliveryProblem::NoMethod);
            Delivery::default()
        }
    };
    if problems.is_empty() {
        Ok(delivery)
    } else {
        Err(problems)
    }
}

/// 邮寄: what the issuing window records when it posts the result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipment {
    pub carrier: String,
    pub tracking: String,
}

impl Shipment {
    pub fn parse(pairs: &[(String, String)]) -> Result<Self, Vec<DeliveryProblem>> {
        let mut problems = Vec::new();
        let carrier = short(
            pairs,
            "carrier",
            MAX_SHORT,
            DeliveryProblem::NoCarrier,
            &mut problems,
        );
        let tracking: String = value(pairs, "tracking")
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_ascii_uppercase();
        if tracking.is_empty()
            || tracking.len() > MAX_SHORT
            || !tracking.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            problems.push(DeliveryProblem::BadTracking);
        }
        if problems.is_empty() {
            Ok(Self { carrier, tracking })
        } else {
            Err(problems)
        }
    }
}

/// 取件数字码: the pickup QR's fallback for people without a phone: eight
/// digits, typed at the desk (wrong ones are counted).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PickupCode(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a pickup code is 8 digits")]
pub struct BadPickupCode;

impl PickupCode {
    pub const LEN: usize = 8;

    /// Accepts spaces and dashes between groups, full-width digits.
    pub fn parse(input: &str) -> Result<Self, BadPickupCode> {
        let s: String = crate::normalise::half_width(input)
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        (s.len() == Self::LEN && s.bytes().all(|b| b.is_ascii_digit()))
            .then_some(Self(s))
            .ok_or(BadPickupCode)
    }

    /// From a number below 10⁸ (drawn by the hall).
    pub fn from_number(n: u32) -> Self {
        Self(format!("{:08}", n % 100_000_000))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PickupCode {
    /// Two groups of four, as read aloud and typed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", &self.0[..4], &self.0[4..])
    }
}

impl fmt::Debug for PickupCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PickupCode(********)")
    }
}

impl TryFrom<String> for PickupCode {
    type Error = BadPickupCode;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<PickupCode> for String {
    fn from(c: PickupCode) -> String {
        c.0
    }
}

/// 验证码 of an issued licence: 16 characters of RFC 4648 base32 (80 random
/// bits), printed in groups of four and carried by the licence's QR.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LicenceCode(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a verification code is 16 letters and digits")]
pub struct BadLicenceCode;

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

impl LicenceCode {
    pub const LEN: usize = 16;

    /// Case, spaces and dashes as typed do not matter.
    pub fn parse(input: &str) -> Result<Self, BadLicenceCode> {
        let s: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_ascii_uppercase();
        (s.len() == Self::LEN && s.bytes().all(|b| BASE32.contains(&b)))
            .then_some(Self(s))
            .ok_or(BadLicenceCode)
    }

    /// From ten random bytes (the hall's id source).
    pub fn from_bytes(bytes: [u8; 10]) -> Self {
        let mut bits: u128 = 0;
        for b in bytes {
            bits = (bits << 8) | u128::from(b);
        }
        let s = (0..Self::LEN)
            .rev()
            .map(|i| char::from(BASE32[((bits >> (i * 5)) & 31) as usize]))
            .collect();
        Self(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LicenceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let groups: Vec<&str> = (0..4).map(|i| &self.0[i * 4..i * 4 + 4]).collect();
        f.write_str(&groups.join("-"))
    }
}

impl TryFrom<String> for LicenceCode {
    type Error = BadLicenceCode;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<LicenceCode> for String {
    fn from(c: LicenceCode) -> String {
        c.0
    }
}

/// 电子证照: what a licence says. Its canonical form (JSON of this struct,
/// fields in this order, no whitespace) is what the electronic seal signs
/// and what the store keeps: the verify page shows exactly the signed text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    pub format: u8,
    pub code: LicenceCode,
    pub number: ApplicationNumber,
    pub matter: MatterCode,
    pub name: Localized,
    pub validity: Localized,
    /// 持证人: the applicant's or enterprise's name.
    pub holder: String,
    /// The holder's ID number masked (a person), or the credit code (an
    /// enterprise: public anyway).
    pub holder_id: String,
    /// What the review recorded (e.g. the credit code given), label and value.
    pub particulars: Vec<(Localized, String)>,
    pub issued_on: NaiveDate,
    /// 发证机关: the hall, one seal for every department (一枚印章管审批).
    pub issuer: Localized,
}

/// The canonical text did not read back as a licence.
#[derive(Debug, thiserror::Error)]
#[error("not a licence of this hall")]
pub struct NotALicence;

/// One line on a licence: a multi-line answer (already checked when it
/// was given) is printed on one line.
fn line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

impl Licence {
    pub const FORMAT: u8 = 1;

    #[allow(clippy::too_many_arguments)]
    pub fn new(
        code: LicenceCode,
        number: ApplicationNumber,
        matter: MatterCode,
        document: &IssuedDocument,
        holder: &str,
        holder_id: &str,
        particulars: Vec<(Localized, String)>,
        issued_on: NaiveDate,
        issuer: Localized,
    ) -> Self {
        Self {
            format: Self::FORMAT,
            code,
            number,
            matter,
            name: document.name.clone(),
            validity: document.validity.clone(),
            holder: line(holder),
            holder_id: line(holder_id),
            particulars: particulars
                .into_iter()
                .map(|(label, v)| (label, line(&v)))
                .collect(),
            issued_on,
            issuer,
        }
    }

    /// The bytes the seal signs.
    pub fn canonical(&self) -> String {
        // Serialising plain strings, dates and numbers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_canonical(text: &str) -> Result<Self, NotALicence> {
        let licence: Licence = serde_json::from_str(text).map_err(|_| NotALicence)?;
        (licence.format == Self::FORMAT && licence.canonical() == text)
            .then_some(licence)
            .ok_or(NotALicence)
    }
}

/// Why a scanned or typed pickup code does not open a handover.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PickupProblem {
    /// Not a pickup code at all (garbage in the QR, a typo).
    #[error("not a pickup code")]
    Malformed,
    /// The signature does not match: not made by this hall.
    #[error("not issued by this hall")]
    Forged,
    #[error("expired on {0}")]
    Expired(NaiveDate),
    /// Replaced by a newer code, or withdrawn.
    #[error("revoked")]
    Revoked,
    /// No live pickup has this numeric code.
    #[error("no pickup with this code")]
    UnknownCode,
    /// Scanned for one application, confirmed for another.
    #[error("belongs to another application")]
    OtherApplication,
}

/// 送达: who took the result at the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Collector {
    Applicant,
    Proxy,
}

impl Collector {
    pub fn as_str(&self) -> &'static str {
        match self {
            Collector::Applicant => "applicant",
            Collector::Proxy => "proxy",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "applicant" => Some(Collector::Applicant),
            "proxy" => Some(Collector::Proxy),
            _ => None,
        }
    }
}

/// 送达: how the result left the hall.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandoverWay {
    /// At the window, the pickup token (by serial) used, the identity
    /// document checked.
    Window {
        serial: i64,
        collector: Collector,
        /// Full name as checked against the ID document.
        name: String,
        /// The ID number, masked.
        id_masked: String,
    },
    Post {
        shipment: Shipment,
        recipient: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::IssuedForm;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn today() -> CalendarDay {
        CalendarDay::from(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap())
    }

    const ID: &str = "11010519491231002X";

    #[test]
    fn window_pickup_with_or_without_a_proxy() {
        assert_eq!(
            parse_delivery(&pairs(&[("method", "window")]), today()),
            Ok(Delivery::Window { proxy: None })
        );
        let d = parse_delivery(
            &pairs(&[
                ("method", "window"),
                ("proxy_name", " 李四 "),
                ("proxy_id", ID),
            ]),
            today(),
        )
        .unwrap();
        assert_eq!(d.proxy().unwrap().name, "李四");
        assert_eq!(
            parse_delivery(
                &pairs(&[
                    ("method", "window"),
                    ("proxy_name", "李四"),
                    ("proxy_id", "123")
                ]),
                today()
            ),
            Err(vec![DeliveryProblem::BadProxyId])
        );
        assert_eq!(
            parse_delivery(&pairs(&[("method", "window"), ("proxy_id", ID)]), today()),
            Err(vec![DeliveryProblem::NoProxyName])
        );
    }

    #[test]
    fn post_needs_every_part_of_the_address_and_says_all_at_once() {
        let ok = parse_delivery(
            &pairs(&[
                ("method", "post"),
                ("recipient", "张三"),
                ("phone", "138 0013 8000"),
                ("address", "北京市东城区某街1号"),
            ]),
            today(),
        )
        .unwrap();
        assert!(ok.is_post());
        let problems =
            parse_delivery(&pairs(&[("method", "post"), ("phone", "12")]), today()).unwrap_err();
        let fields: Vec<_> = problems.iter().map(|p| p.field()).collect();
        assert_eq!(fields, ["recipient", "address", "phone"]);
        assert_eq!(
            parse_delivery(&pairs(&[("method", "drone")]), today()),
            Err(vec![DeliveryProblem::NoMethod])
        );
        let long = "路".repeat(MAX_ADDRESS + 1);
        let problems = parse_delivery(
            &pairs(&[
                ("method", "post"),
                ("recipient", "张三"),
                ("phone", "13800138000"),
                ("address", &long),
            ]),
            today(),
        )
        .unwrap_err();
        assert_eq!(
            problems,
            [DeliveryProblem::TooLong {
                field: "address".into()
            }]
        );
    }

    #[test]
    fn shipments_keep_a_clean_tracking_number() {
        let s =
            Shipment::parse(&pairs(&[("carrier", "EMS"), ("tracking", "1234 5678-ab")])).unwrap();
        assert_eq!(s.tracking, "12345678AB");
        assert_eq!(
            Shipment::parse(&pairs(&[("tracking", "12<script>")])),
            Err(vec![
                DeliveryProblem::NoCarrier,
                DeliveryProblem::BadTracking
            ])
        );
    }

    #[test]
    fn pickup_codes_are_eight_digits_however_typed() {
        assert_eq!(PickupCode::parse("1234 5678").unwrap().as_str(), "12345678");
        assert_eq!(
            PickupCode::parse("１２３４-５６７８").unwrap().as_str(),
            "12345678"
        );
        assert!(PickupCode::parse("1234567").is_err());
        assert!(PickupCode::parse("1234567a").is_err());
        assert_eq!(PickupCode::from_number(42).to_string(), "0000 0042");
        assert_eq!(
            format!("{:?}", PickupCode::from_number(42)),
            "PickupCode(********)"
        );
    }

    #[test]
    fn licence_codes_round_trip_and_read_as_typed() {
        let c = LicenceCode::from_bytes([0xff; 10]);
        assert_eq!(c.as_str(), "7777777777777777");
        let c = LicenceCode::from_bytes([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(
            LicenceCode::parse(&c.to_string().to_lowercase()),
            Ok(c.clone())
        );
        assert_eq!(c.to_string().len(), 19);
        assert!(
            LicenceCode::parse("0000000000000000").is_err(),
            "0 is not base32"
        );
        assert!(LicenceCode::parse("AAAA").is_err());
    }

    #[test]
    fn a_licence_reads_back_only_from_its_exact_canonical_text() {
        let doc = IssuedDocument {
            name: Localized::new("营业执照", "Business licence"),
            validity: Localized::new("长期", "Indefinite"),
            forms: vec![IssuedForm::Electronic],
        };
        let licence = Licence::new(
            LicenceCode::from_bytes([7; 10]),
            ApplicationNumber::from_indices([1; 9]),
            MatterCode::parse("SCJG-001").unwrap(),
            &doc,
            "某某\n餐饮",
            "91350100M000100Y43",
            vec![(
                Localized::new("统一社会信用代码", "Credit code"),
                "X".into(),
            )],
            NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            Localized::new("政务服务中心", "Service hall"),
        );
        assert_eq!(licence.holder, "某某 餐饮", "no newline reaches the text");
        let text = licence.canonical();
        assert_eq!(Licence::from_canonical(&text).unwrap(), licence);
        let spaced = text.replacen(',', ", ", 1);
        assert!(Licence::from_canonical(&spaced).is_err());
        assert!(Licence::from_canonical("{}").is_err());
    }
}
