//! 阿里云短信 `SendSms` (API version 2017-05-25), signed as the provider
//! documents its RPC signature (SignatureVersion 1.0): the parameters
//! sorted by name, each name and value percent-encoded (RFC 3986: only
//! `A–Z a–z 0–9 - _ . ~` left as they are), joined with `&` and `=`; the
//! string to sign is `METHOD&%2F&` + that string percent-encoded again;
//! the signature is Base64(HMAC-SHA1(secret + "&", string to sign)).
//!
//! Written here rather than with the provider's SDK: there is no kept
//! Rust SDK, and the algorithm is a few lines checked against the
//! provider's own worked example (see the tests).

use hall::ports::{DeliveryResult, NotificationChannel, OutgoingMessage};
use hmac::{Hmac, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::collections::BTreeMap;
use std::time::Duration;

/// RFC 3986's unreserved characters stay; everything else is `%XX`.
const POP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

pub fn pop_encode(s: &str) -> String {
    utf8_percent_encode(s, POP).to_string()
}

/// The canonical query: parameters sorted by name (a BTreeMap is), each
/// part encoded.
pub fn canonical_query(params: &BTreeMap<String, String>) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", pop_encode(k), pop_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `Signature` for these parameters (which must not include it).
pub fn signature(method: &str, params: &BTreeMap<String, String>, secret: &str) -> String {
    let to_sign = format!(
        "{method}&{}&{}",
        pop_encode("/"),
        pop_encode(&canonical_query(params))
    );
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(format!("{secret}&").as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(to_sign.as_bytes());
    data_encoding::BASE64.encode(&mac.finalize().into_bytes())
}

/// What the provider's answer means for the message; `throttled_wait` is
/// how long a throttled message waits (the provider's per-number limit is
/// one a minute by default).
pub fn outcome(http_status: u16, body: &str, throttled_wait: Duration) -> DeliveryResult {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Answer {
        code: String,
        #[serde(default)]
        message: String,
    }
    let Ok(answer) = serde_json::from_str::<Answer>(body) else {
        return DeliveryResult::Retry {
            after: None,
            error: format!("阿里云短信: HTTP {http_status}, unreadable answer"),
        };
    };
    let error = format!("阿里云短信 {}: {}", answer.code, answer.message);
    match answer.code.as_str() {
        "OK" => DeliveryResult::Delivered,
        // 业务限流 and API throttling: later.
        "isv.BUSINESS_LIMIT_CONTROL" | "Throttling.User" | "Throttling" => DeliveryResult::Retry {
            after: Some(throttled_wait),
            error,
        },
        // The day's limit for this number: tomorrow.
        "isv.DAY_LIMIT_CONTROL" => DeliveryResult::Retry {
            after: Some(Duration::from_secs(6 * 3600)),
            error,
        },
        // A message that can never be sent as it is.
        "isv.MOBILE_NUMBER_ILLEGAL"
        | "isv.MOBILE_COUNT_OVER_LIMIT"
        | "isv.BLACK_KEY_CONTROL_LIMIT"
        | "isv.PARAM_LENGTH_LIMIT"
        | "isv.TEMPLATE_MISSING_PARAMETERS"
        | "isv.INVALID_PARAMETERS"
        | "isv.INVALID_JSON_PARAM"
        | "isv.SMS_TEMPLATE_ILLEGAL"
        | "isv.SMS_SIGNATURE_ILLEGAL" => DeliveryResult::Rejected(error),
        // The hall's own setup (key, balance, permissions): an operator
        // must act; the message waits for them.
        "SignatureDoesNotMatch" | "InvalidAccessKeyId.NotFound" | "InvalidAccessKeyId.Inactive" => {
            tracing::error!(code = %answer.code, "阿里云短信 refused the hall's key: check notifications.aliyun.access_key_id and access_key_secret");
            DeliveryResult::Retry {
                after: Some(Duration::from_secs(300)),
                error,
            }
        }
        _ => DeliveryResult::Retry { after: None, error },
    }
}

pub struct AliyunSms {
    client: reqwest::Client,
    endpoint: String,
    region_id: String,
    access_key_id: String,
    access_key_secret: String,
    sign_name: String,
    templates: BTreeMap<String, String>,
    throttled_wait: Duration,
}

impl AliyunSms {
    /// Refuses a setup that could not send some message.
    pub fn new(
        s: &crate::configuration::AliyunSmsSettings,
        timeout: Duration,
    ) -> Result<Self, String> {
        let missing: Vec<&str> = [
            ("endpoint", &s.endpoint),
            ("access_key_id", &s.access_key_id),
            ("access_key_secret", &s.access_key_secret),
            ("sign_name", &s.sign_name),
        ]
        .into_iter()
        .filter(|(_, v)| v.trim().is_empty())
        .map(|(k, _)| k)
        .collect();
        if !missing.is_empty() {
            return Err(format!(
                "notifications.channel = \"aliyun\" needs notifications.aliyun.{}",
                missing.join(", ")
            ));
        }
        let without: Vec<&str> = domain::notification::TEMPLATE_KINDS
            .into_iter()
            .filter(|k| s.templates.get(*k).is_none_or(|t| t.trim().is_empty()))
            .collect();
        if !without.is_empty() {
            return Err(format!(
                "notifications.aliyun.templates has no template code for: {}",
                without.join(", ")
            ));
        }
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .map_err(|e| format!("notifications: HTTP client: {e}"))?;
        Ok(Self {
            client,
            endpoint: s.endpoint.clone(),
            region_id: s.region_id.clone(),
            access_key_id: s.access_key_id.clone(),
            access_key_secret: s.access_key_secret.clone(),
            sign_name: s.sign_name.clone(),
            templates: s.templates.clone(),
            throttled_wait: Duration::from_millis(s.throttled_wait_ms),
        })
    }

    fn params(&self, message: &OutgoingMessage, phone: &str) -> BTreeMap<String, String> {
        let kind = message.kind;
        let template_param: serde_json::Map<String, serde_json::Value> = message
            .params
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone())))
            .collect();
        let nonce: u128 = rand::random();
        [
            ("AccessKeyId", self.access_key_id.clone()),
            ("Action", "SendSms".into()),
            ("Format", "JSON".into()),
            // 外部流水扩展字段: the outbox key, to match the provider's
            // delivery reports (the provider does not deduplicate by it).
            ("OutId", message.dedup_key.clone()),
            ("PhoneNumbers", phone.to_string()),
            ("RegionId", self.region_id.clone()),
            ("SignName", self.sign_name.clone()),
            ("SignatureMethod", "HMAC-SHA1".into()),
            ("SignatureNonce", format!("{nonce:032x}")),
            ("SignatureVersion", "1.0".into()),
            (
                "TemplateCode",
                self.templates.get(kind).cloned().unwrap_or_default(),
            ),
            (
                "TemplateParam",
                serde_json::Value::Object(template_param).to_string(),
            ),
            (
                "Timestamp",
                chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            ),
            ("Version", "2017-05-25".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }
}

#[async_trait::async_trait]
impl NotificationChannel for AliyunSms {
    fn name(&self) -> &'static str {
        "aliyun"
    }

    async fn deliver(&self, message: &OutgoingMessage) -> DeliveryResult {
        let Some(phone) = message.recipient.as_ref() else {
            return DeliveryResult::Rejected("no mobile number".into());
        };
        let mut params = self.params(message, phone.as_str());
        let signed = signature("POST", &params, &self.access_key_secret);
        params.insert("Signature".into(), signed);
        let body = canonical_query(&params);
        let sent = self
            .client
            .post(&self.endpoint)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await;
        match sent {
            Err(e) => DeliveryResult::Retry {
                after: None,
                error: format!("阿里云短信 unreachable: {e}"),
            },
            Ok(res) => {
                let status = res.status().as_u16();
                let text = res.text().await.unwrap_or_default();
                outcome(status, &text, self.throttled_wait)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of the provider's "HTTP协议及签名" page: its
    /// parameters, key `testSecret`, and the signature it prints.
    #[test]
    fn signs_the_providers_worked_example() {
        let params: BTreeMap<String, String> = [
            ("AccessKeyId", "testId"),
            ("Action", "SendSms"),
            ("Format", "XML"),
            ("OutId", "123"),
            ("PhoneNumbers", "15300000001"),
            ("RegionId", "cn-hangzhou"),
            ("SignName", "阿里云短信测试专用"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466"),
            ("SignatureVersion", "1.0"),
            ("TemplateCode", "SMS_71390007"),
            ("TemplateParam", r#"{"customer":"test"}"#),
            ("Timestamp", "2017-07-12T02:42:19Z"),
            ("Version", "2017-05-25"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(
            canonical_query(&params),
            "AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001\
             &RegionId=cn-hangzhou&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8\
             &SignatureMethod=HMAC-SHA1&SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466\
             &SignatureVersion=1.0&TemplateCode=SMS_71390007\
             &TemplateParam=%7B%22customer%22%3A%22test%22%7D&Timestamp=2017-07-12T02%3A42%3A19Z\
             &Version=2017-05-25"
        );
        assert_eq!(
            signature("GET", &params, "testSecret"),
            "zJDF+Lrzhj/ThnlvIToysFRq6t4="
        );
        assert_eq!(
            pop_encode(&signature("GET", &params, "testSecret")),
            "zJDF%2BLrzhj%2FThnlvIToysFRq6t4%3D"
        );
    }

    #[test]
    fn encodes_as_rfc_3986_not_as_html_forms() {
        assert_eq!(pop_encode("a b*c~d+e/"), "a%20b%2Ac~d%2Be%2F");
    }

    #[test]
    fn throttling_is_retried_and_a_bad_number_is_not() {
        let minute = Duration::from_secs(60);
        let throttled = outcome(
            200,
            r#"{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"触发分钟级流控"}"#,
            minute,
        );
        assert!(matches!(
            throttled,
            DeliveryResult::Retry { after: Some(d), .. } if d >= Duration::from_secs(60)
        ));
        assert!(matches!(
            outcome(
                200,
                r#"{"Code":"isv.MOBILE_NUMBER_ILLEGAL","Message":"非法手机号"}"#,
                minute
            ),
            DeliveryResult::Rejected(_)
        ));
        assert_eq!(
            outcome(
                200,
                r#"{"Code":"OK","Message":"OK","BizId":"1","RequestId":"x"}"#,
                minute
            ),
            DeliveryResult::Delivered
        );
        assert!(matches!(
            outcome(502, "<html>bad gateway</html>", minute),
            DeliveryResult::Retry { .. }
        ));
    }
}
