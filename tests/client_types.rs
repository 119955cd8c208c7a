//! The runtime's field and text types (`templates/client.rs`): `Nullable` keeps absent, `null`
//! and values apart in both directions; dates, times, durations and GUIDs keep their exact text
//! and read every form Graph sends; a response of the wrong shape is an error. The `chrono`
//! conversions run with `--features chrono`.

use graphdoc_docs_input::client::{
    Collection, Date, DateTime, DateTimeParts, Duration, Error, Guid, Nullable, TimeOfDay,
    parse_collection, parse_object,
};
use serde_json::{Value, json};

#[derive(Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct Body {
    #[serde(rename = "jobTitle", skip_serializing_if = "Nullable::is_absent")]
    job_title: Nullable<String>,
    #[serde(rename = "businessPhones", skip_serializing_if = "Nullable::is_absent")]
    business_phones: Nullable<Vec<String>>,
    #[serde(
        rename = "createdDateTime",
        skip_serializing_if = "Nullable::is_absent"
    )]
    created: Nullable<DateTime>,
    #[serde(flatten)]
    rest: std::collections::BTreeMap<String, Value>,
}

#[test]
fn absent_null_and_value_are_three_states() {
    assert_eq!(serde_json::to_value(Body::default()).unwrap(), json!({}));
    let body = Body {
        job_title: "Engineer".into(),
        business_phones: Nullable::Null,
        ..Body::default()
    };
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        r#"{"jobTitle":"Engineer","businessPhones":null}"#
    );
    let read: Body =
        serde_json::from_str(r#"{"jobTitle":null,"businessPhones":[],"other":null}"#).unwrap();
    assert!(read.job_title.is_null());
    assert_eq!(read.business_phones, Nullable::Value(vec![]));
    assert!(read.created.is_absent());
    assert_eq!(
        serde_json::to_value(&read).unwrap(),
        json!({"jobTitle": null, "businessPhones": [], "other": null})
    );
}

#[test]
fn accessors() {
    let mut body = Body::default();
    assert_eq!(body.job_title.get(), None);
    assert_eq!(body.business_phones.items(), &[] as &[String]);
    body.job_title.set("x");
    assert_eq!(body.job_title.as_deref(), Some("x"));
    body.business_phones.push("+1 425 555 0100");
    assert_eq!(body.business_phones.items(), ["+1 425 555 0100"]);
    assert_eq!((&body.business_phones).into_iter().count(), 1);
    assert_eq!(Nullable::<u8>::from(None), Nullable::Null);
    assert_eq!(Nullable::<u8>::from(Some(3)).into_option(), Some(3));
    body.created = "2021-07-13T08:30:00Z".into();
    assert_eq!(
        body.created.get().map(DateTime::as_str),
        Some("2021-07-13T08:30:00Z")
    );
}

#[test]
fn text_types_keep_the_exact_text() {
    for text in [
        "2021-07-13T08:30:00.1234567Z",
        "2021-07-13T08:30:00",
        "2021-07-13t08:30:00.000+02:00",
    ] {
        let value: DateTime = serde_json::from_value(json!(text)).unwrap();
        assert_eq!(serde_json::to_value(&value).unwrap(), json!(text));
    }
    // Anything that is a string is kept, even when it is no date.
    let odd: DateTime = serde_json::from_value(json!("0001-01-01T00:00:00")).unwrap();
    assert_eq!(odd.to_string(), "0001-01-01T00:00:00");
    assert!(serde_json::from_value::<DateTime>(json!(1)).is_err());
}

#[test]
fn date_times_in_every_form_graph_sends() {
    let p = |s: &str| DateTime::new(s).parts();
    let want = |h, n, off| DateTimeParts {
        year: 2021,
        month: 7,
        day: 13,
        hour: h,
        minute: 30,
        second: 5,
        nanosecond: n,
        offset_seconds: off,
    };
    assert_eq!(p("2021-07-13T08:30:05Z"), Some(want(8, 0, 0)));
    assert_eq!(
        p("2021-07-13T08:30:05.1234567Z"),
        Some(want(8, 123_456_700, 0))
    );
    assert_eq!(
        p("2021-07-13T08:30:05.1234567891234Z"),
        Some(want(8, 123_456_789, 0))
    );
    assert_eq!(p("2021-07-13T08:30:05"), Some(want(8, 0, 0)));
    assert_eq!(p("2021-07-13 08:30:05.5"), Some(want(8, 500_000_000, 0)));
    assert_eq!(p("2021-07-13T08:30:05+05:30"), Some(want(8, 0, 19_800)));
    assert_eq!(p("2021-07-13T08:30:05-0800"), Some(want(8, 0, -28_800)));
    assert_eq!(p("2021-07-13T08:30:05+01"), Some(want(8, 0, 3_600)));
    assert_eq!(p("2021-07-13").map(|d| (d.day, d.hour)), Some((13, 0)));
    assert_eq!(p("0001-01-01T00:00:00Z").map(|d| d.year), Some(1));
    for bad in [
        "",
        "2021",
        "2021-13-01T00:00:00Z",
        "2021-07-13T25:00:00Z",
        "2021-07-13T08:30:05.Z",
        "13/07/2021",
        "2021-07-13T08:30:05Zjunk",
    ] {
        assert_eq!(p(bad), None, "{bad}");
    }
}

#[test]
fn dates_times_durations_guids() {
    assert_eq!(Date::new("2021-07-13").parts(), Some((2021, 7, 13)));
    assert_eq!(Date::new("2021-07-13T00:00:00Z").parts(), None);
    assert_eq!(
        TimeOfDay::new("08:30:00.0000000").parts(),
        Some((8, 30, 0, 0))
    );
    assert_eq!(
        TimeOfDay::new("23:59:59.9999999").parts(),
        Some((23, 59, 59, 999_999_900))
    );
    assert_eq!(TimeOfDay::new("08:30").parts(), Some((8, 30, 0, 0)));
    assert_eq!(TimeOfDay::new("8:30").parts(), None);

    let ns = |s: &str| Duration::new(s).nanoseconds();
    const S: i128 = 1_000_000_000;
    assert_eq!(ns("PT1H30M"), Some(5_400 * S));
    assert_eq!(ns("P1DT2.5S"), Some(86_400 * S + 2 * S + S / 2));
    assert_eq!(ns("-PT10M"), Some(-600 * S));
    assert_eq!(ns("P2W"), Some(14 * 86_400 * S));
    assert_eq!(ns("PT0S"), Some(0));
    assert_eq!(ns("PT0.0000001S"), Some(100));
    assert_eq!(ns("01:00:00"), Some(3_600 * S));
    assert_eq!(ns("1.02:00:00.5"), Some(86_400 * S + 7_200 * S + S / 2));
    for bad in [
        "P", "PT", "P1M", "P1Y", "PT1D", "P1H", "1h", "", "PTS", "P1é", "PT1.5",
    ] {
        assert_eq!(ns(bad), None, "{bad}");
    }

    assert_eq!(
        Guid::new("00000000-0000-0000-0000-00000000000a").to_u128(),
        Some(10)
    );
    assert_eq!(
        Guid::new("{6E7B768E-07E2-4810-8459-485F84F8F204}").to_u128(),
        Some(0x6e7b768e_07e2_4810_8459_485f84f8f204)
    );
    assert_eq!(
        Guid::new("6e7b768e07e248108459485f84f8f204").to_u128(),
        None
    );
}

#[cfg(feature = "chrono")]
#[test]
fn chrono_values() {
    use chrono::{Datelike, Timelike};
    let t = DateTime::new("2021-07-13T08:30:05.1234567+02:00")
        .to_chrono()
        .unwrap();
    assert_eq!((t.hour(), t.nanosecond()), (8, 123_456_700));
    assert_eq!(t.offset().local_minus_utc(), 7_200);
    let utc = DateTime::new("2021-07-13T08:30:05").to_utc().unwrap();
    assert_eq!(utc.to_rfc3339(), "2021-07-13T08:30:05+00:00");
    assert_eq!(DateTime::from(utc).as_str(), "2021-07-13T08:30:05Z");
    assert_eq!(DateTime::new("2021-02-30T00:00:00Z").to_chrono(), None);
    let d = Date::new("2020-02-29").to_chrono().unwrap();
    assert_eq!((d.year(), d.month(), d.day()), (2020, 2, 29));
    assert_eq!(Date::from(d).as_str(), "2020-02-29");
    let time = TimeOfDay::new("17:45:00.0000000").to_chrono().unwrap();
    assert_eq!((time.hour(), time.minute()), (17, 45));
    assert_eq!(
        Duration::new("-P1DT0.5S").to_chrono(),
        Some(-chrono::TimeDelta::milliseconds(86_400_500))
    );
    assert_eq!(Duration::new("P1Y").to_chrono(), None);
}

fn response(body: &str) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(200)
        .body(body.as_bytes().to_vec())
        .unwrap()
}

#[test]
fn a_collection_for_one_object_is_a_shape_error() {
    let err = parse_object::<Body>(response(r#"{"value": [{"jobTitle": "x"}]}"#)).unwrap_err();
    assert!(matches!(err, Error::Shape { .. }), "{err}");
    assert!(
        err.to_string().contains("expected a single object"),
        "{err}"
    );
    assert!(err.to_string().contains("found a collection"), "{err}");
    // A `value` that is not an array is a property like any other.
    let ok = parse_object::<Body>(response(r#"{"value": "x"}"#)).unwrap();
    assert_eq!(ok.rest["value"], json!("x"));
    assert!(parse_object::<Body>(response(r#"{"jobTitle": "x"}"#)).is_ok());
}

#[test]
fn one_object_for_a_collection_is_a_shape_error() {
    let err = parse_collection::<Body>(response(r#"{"jobTitle": "x"}"#)).unwrap_err();
    assert!(matches!(err, Error::Shape { .. }), "{err}");
    assert!(err.to_string().contains("found a single object"), "{err}");
    let page: Collection<Body> = parse_collection(response(
        r#"{"value": [{"jobTitle": "x"}], "@odata.nextLink": "n"}"#,
    ))
    .unwrap();
    assert_eq!(page.value.len(), 1);
    // `"value": null` is an empty page, as before.
    assert!(
        parse_collection::<Body>(response(r#"{"value": null}"#))
            .unwrap()
            .value
            .is_empty()
    );
}

/// An `Any…` enum (the runtime's `any_enum!`) reads the variant `@odata.type` names, with or
/// without `#` and in any case, and the base type otherwise; it writes the variant as itself.
#[test]
fn any_enums_choose_their_variant_by_odata_type() {
    use graphdoc_docs_input::v1_0::{AnyDirectoryObject, AnyEntity, User};
    for odata_type in ["#microsoft.graph.user", "microsoft.graph.User", "user"] {
        let value = json!({"@odata.type": odata_type, "id": "1", "displayName": "Ada"});
        let any: AnyDirectoryObject = serde_json::from_value(value.clone()).unwrap();
        let user = any.as_user().expect("a user");
        assert_eq!(user.display_name.as_deref(), Some("Ada"));
        assert_eq!(any.id().as_deref(), Some("1"));
        assert_eq!(serde_json::to_value(&any).unwrap(), value);
    }
    for value in [
        json!({"id": "2"}),
        json!({"@odata.type": "#microsoft.graph.unknown"}),
    ] {
        let any: AnyDirectoryObject = serde_json::from_value(value.clone()).unwrap();
        assert!(any.as_directory_object().is_some() && any.as_user().is_none());
        assert_eq!(serde_json::to_value(&any).unwrap(), value);
    }
    let any: AnyEntity = User::default().into();
    assert!(any.as_user().is_some() && any.as_entity().is_none());
    let bad = serde_json::from_value::<AnyEntity>(json!({"@odata.type": "user", "id": 5}));
    assert!(bad.is_err(), "{bad:?}");
}
