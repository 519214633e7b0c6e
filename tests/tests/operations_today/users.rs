//! `users`: Zoom's `GET /users` (Users API), every query parameter set and
//! every field of its user list shape decoded, the host key as a `Secret`.

use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_cloud_recording::quirks::UserStatus;
use zoom_cloud_recording::{Operation, Secret, types};

use super::at;
use crate::common::{client, exact_query, no_body, raw_path, sent_by_sdk};

#[tokio::test]
async fn users_sends_every_query_parameter_and_decodes_every_user_field() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/users"))
        .and(exact_query(&[
            ("status", "inactive"),
            ("page_size", "300"),
            ("role_id", "2"),
            ("page_number", "2"),
            ("include_fields", "host_key"),
            ("next_page_token", "Hb4Xz9Lk2Qw"),
            ("license", "zoom_compliance_management"),
        ]))
        .and(sent_by_sdk)
        .and(no_body)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "page_count": 3, "page_number": "2", "page_size": 300.0, "total_records": 650,
            "next_page_token": "Pn7Vc1Rt",
            "users": [{
                "id": "O9jXv3SgawWO5k6mqwjdTA", "first_name": "Hana", "last_name": "Sato",
                "display_name": "Hana Sato", "email": "hana.sato@example.com", "type": 2,
                "pmi": "3314159265", "timezone": "Asia/Tokyo", "verified": 1, "dept": "Legal",
                "created_at": "2020-08-17T01:12:44Z", "user_created_at": "2020-08-17T01:12:45Z",
                "last_login_time": "", "last_client_version": "6.2.3.40682(ios)",
                "pic_url": "https://us06web.zoom.us/p/v2/0dfeac89", "language": "ja-JP",
                "phone_number": "+81 3 1234 5678", "status": "inactive", "role_id": "2",
                "employee_unique_id": "E-1042", "plan_united_type": "1",
                "group_ids": ["yb8Lc-ljAejXsFULuJKBPQ"], "im_group_ids": ["Nq2Wd-Zx8"],
                "custom_attributes": [{"key": "cbf_cywdkexrtqc73f97gd4w6g", "name": "Cost centre",
                                       "value": "CC-7"}],
                "host_key": "0071936504",
                "cluster": "us06"
            }]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .users()
        .status(types::UsersStatus::Inactive)
        .page_size(300)
        .role_id("2")
        .page_number(2)
        .include_fields(types::UsersIncludeFields::HostKey)
        .next_page_token("Hb4Xz9Lk2Qw")
        .license(types::UsersLicense::ZoomComplianceManagement)
        .call()
        .await
        .expect("users page decodes");

    assert_eq!(page.page_count, Some(3.into()));
    assert_eq!(page.page_number, Some(2.into()));
    assert_eq!(page.page_size, Some(300.into()));
    assert_eq!(page.total_records, Some(650.into()));
    assert_eq!(page.next_page_token.as_deref(), Some("Pn7Vc1Rt"));
    let [user] = &page.users[..] else {
        panic!("one user: {:?}", page.users)
    };
    assert_eq!(user.id.as_deref(), Some("O9jXv3SgawWO5k6mqwjdTA"));
    assert_eq!(user.first_name.as_deref(), Some("Hana"));
    assert_eq!(user.last_name.as_deref(), Some("Sato"));
    assert_eq!(user.display_name.as_deref(), Some("Hana Sato"));
    assert_eq!(user.email.as_deref(), Some("hana.sato@example.com"));
    assert_eq!(user.type_, Some(2.into()));
    assert_eq!(user.pmi, Some(3_314_159_265.into()));
    assert_eq!(user.timezone.as_deref(), Some("Asia/Tokyo"));
    assert_eq!(user.verified, Some(1.into()));
    assert_eq!(user.dept.as_deref(), Some("Legal"));
    assert_eq!(
        user.created_at.as_ref().and_then(|t| t.get()),
        Some(at("2020-08-17T01:12:44Z"))
    );
    assert_eq!(
        user.user_created_at.as_ref().and_then(|t| t.get()),
        Some(at("2020-08-17T01:12:45Z"))
    );
    assert!(
        user.last_login_time.as_ref().is_some_and(|t| t.is_empty()),
        "never logged in"
    );
    assert_eq!(user.last_client_version.as_deref(), Some("6.2.3.40682(ios)"));
    assert_eq!(
        user.pic_url.as_deref(),
        Some("https://us06web.zoom.us/p/v2/0dfeac89")
    );
    assert_eq!(user.language.as_deref(), Some("ja-JP"));
    assert_eq!(user.phone_number.as_deref(), Some("+81 3 1234 5678"));
    assert_eq!(user.status, Some(UserStatus::Inactive));
    assert_eq!(user.role_id.as_deref(), Some("2"));
    assert_eq!(user.employee_unique_id.as_deref(), Some("E-1042"));
    assert_eq!(user.plan_united_type.as_deref(), Some("1"));
    assert_eq!(user.group_ids, ["yb8Lc-ljAejXsFULuJKBPQ"]);
    assert_eq!(user.im_group_ids, ["Nq2Wd-Zx8"]);
    let [attribute] = &user.custom_attributes[..] else {
        panic!("one custom attribute: {:?}", user.custom_attributes)
    };
    assert_eq!(attribute.key.as_deref(), Some("cbf_cywdkexrtqc73f97gd4w6g"));
    assert_eq!(attribute.name.as_deref(), Some("Cost centre"));
    assert_eq!(attribute.value.as_deref(), Some("CC-7"));
    assert_eq!(
        user.host_key.as_ref().map(Secret::expose),
        Some("0071936504"),
        "the leading zeros survive"
    );
    assert!(
        !format!("{user:?}").contains("0071936504"),
        "Debug hides the host key"
    );
    assert_eq!(user.extra["cluster"], "us06", "unknown fields are kept");
}

#[tokio::test]
async fn users_without_parameters_sends_no_query_and_keeps_an_unknown_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/users"))
        .and(exact_query(&[]))
        .and(sent_by_sdk)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "page_count": 1, "page_number": 1, "page_size": 30, "total_records": 1, "next_page_token": "",
            "users": [{"id": "Lk0Zs", "email": "locked@example.com", "type": 99, "status": "locked"}]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server).users().call().await.expect("users page decodes");
    let [user] = &page.users[..] else {
        panic!("one user: {:?}", page.users)
    };
    assert_eq!(user.status, Some(UserStatus::Unknown("locked".into())));
    assert_eq!(user.type_, Some(99.into()));
    assert_eq!(user.host_key, None);
}
