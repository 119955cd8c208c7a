//! Seven everyday Microsoft Graph tasks with the crate graphdoc generates from docs-input/: list
//! users page by page, a user's memberships, send a mail, create an event, update a user, upload
//! a file, and a delta query.
//!
//! Nothing goes over the network: each task builds its `http::Request` with `Client::request`
//! and checks it against the page's documented request, then parses the page's documented
//! response (read from docs-input/api-reference/v1.0/api/) with `Client::parse`, as a program
//! would parse what an HTTP client of its choice received.
//!
//! `cargo run --example seven_tasks` prints what each task did; `cargo test --example
//! seven_tasks` (and `cargo test`) runs it as a test.

use graphdoc_docs_input::client::{self, Client, prelude::*};
use graphdoc_docs_input::v1_0::{self, ops};
use serde_json::Value;

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> Result {
    let client = Client::new().bearer_token("token");
    list_users_with_paging(&client)?;
    member_of(&client)?;
    send_mail(&client)?;
    create_event(&client)?;
    update_user(&client)?;
    upload_file(&client)?;
    delta(&client)?;
    println!("seven tasks: ok");
    Ok(())
}

/// The request's URL, decoded for comparison with the URL a page writes.
fn url(request: &http::Request<Vec<u8>>) -> String {
    percent_encoding::percent_decode_str(&request.uri().to_string())
        .decode_utf8_lossy()
        .into_owned()
}

fn json_body(request: &http::Request<Vec<u8>>) -> Value {
    serde_json::from_slice(request.body()).expect("a JSON body")
}

/// Task 1: List users, following `@odata.nextLink` (user-list.md).
fn list_users_with_paging(client: &Client) -> Result {
    let op = ops::UserList::new()
        .select(["displayName", "jobTitle", "mail"])
        .top(2);
    let request = client.request(&op)?;
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(
        url(&request),
        "https://graph.microsoft.com/v1.0/users?$select=displayName,jobTitle,mail&$top=2"
    );

    let page = client.parse::<ops::UserList>(documented_response("user-list.md", 0))?;
    let names: Vec<&str> = page
        .value
        .iter()
        .filter_map(|u| u.display_name.as_deref())
        .collect();
    assert_eq!(names, ["Conf Room Adams", "Adele Vance"]);
    assert_eq!(page.value[1].business_phones.items(), ["425-555-0100"]);

    // The next page is a GET of the link the service sent, with the same token.
    let next = page.next_request(client).expect("a next page")?;
    assert!(url(&next).ends_with("&$skiptoken=RFNwdAIAAQAAABc6QWRlbGVWQGNvbnRvc28uY29t"));
    assert!(next.headers().contains_key(http::header::AUTHORIZATION));
    println!("1. users: {names:?}, and a next page");
    Ok(())
}

/// Task 2: The groups a user is a member of (user-list-memberof.md): items of any type derived
/// from directoryObject.
fn member_of(client: &Client) -> Result {
    let op = ops::UserListMemberOf::new(ops::UserListMemberOfPath::Users {
        user_id: "87d349ed-44d7-43e1-9a83-5f2406dee5bd".into(),
    });
    let request = client.request(&op)?;
    assert_eq!(
        url(&request),
        "https://graph.microsoft.com/v1.0/users/87d349ed-44d7-43e1-9a83-5f2406dee5bd/memberOf"
    );

    let page =
        client.parse::<ops::UserListMemberOf>(documented_response("user-list-memberof.md", 0))?;
    // `id()` whatever the type; `as_group()` for what only a group has.
    let ids: Vec<&str> = page
        .value
        .iter()
        .filter_map(|o| o.id().as_deref())
        .collect();
    assert_eq!(
        ids,
        [
            "45b7d2e7-b882-4a80-ba97-10b7a63b8fa4",
            "6c9d1c86-8e3e-4d5c-9f4c-7a1f0d2b3c4e"
        ]
    );
    let groups: Vec<&v1_0::Group> = page.value.iter().filter_map(|o| o.as_group()).collect();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].group_types.items(), ["Unified"]);
    assert!(page.value.iter().all(|o| o.as_user().is_none()));
    println!(
        "2. member of: {:?}",
        groups
            .iter()
            .filter_map(|g| g.display_name.as_deref())
            .collect::<Vec<_>>()
    );
    Ok(())
}

fn recipient(address: &str) -> v1_0::AnyRecipient {
    v1_0::Recipient {
        email_address: client::Nullable::Value(v1_0::EmailAddress {
            address: client::Nullable::Value(address.into()),
            ..Default::default()
        }),
        ..Default::default()
    }
    .into()
}

/// Task 3: Send a mail (user-sendmail.md): an action with typed parameters, answered by 202.
fn send_mail(client: &Client) -> Result {
    let message = v1_0::Message {
        subject: client::Nullable::Value("Meet for lunch?".into()),
        body: client::Nullable::Value(v1_0::ItemBody {
            content_type: client::Nullable::Value(v1_0::BodyType::Text),
            content: client::Nullable::Value("The new cafeteria is open.".into()),
            ..Default::default()
        }),
        to_recipients: vec![recipient("frannis@contoso.com")].into(),
        cc_recipients: vec![recipient("danas@contoso.com")].into(),
        ..Default::default()
    };
    let op = ops::UserSendMail::new(
        ops::UserSendMailPath::Me,
        v1_0::UserSendMailParameters {
            message: client::Nullable::Value(message),
            save_to_sent_items: client::Nullable::Value(false),
            ..Default::default()
        },
    );
    let request = client.request(&op)?;
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        url(&request),
        "https://graph.microsoft.com/v1.0/me/sendMail"
    );
    assert_eq!(
        json_body(&request),
        documented_request_body("user-sendmail.md", "POST", 0)
    );

    let accepted = client.parse::<ops::UserSendMail>(documented_response("user-sendmail.md", 0))?;
    assert_eq!(accepted, client::Accepted::default());
    println!("3. sendMail: accepted");
    Ok(())
}

/// Task 4: Create an event with an attendee (user-post-events.md).
fn create_event(client: &Client) -> Result {
    let at = |date_time: &str| v1_0::DateTimeTimeZone {
        date_time: client::Nullable::Value(date_time.into()),
        time_zone: client::Nullable::Value("Pacific Standard Time".into()),
        ..Default::default()
    };
    let attendee = v1_0::Attendee {
        email_address: client::Nullable::Value(v1_0::EmailAddress {
            address: client::Nullable::Value("samanthab@contoso.com".into()),
            name: client::Nullable::Value("Samantha Booth".into()),
            ..Default::default()
        }),
        type_: client::Nullable::Value(v1_0::AttendeeType::Required),
        ..Default::default()
    };
    let event = v1_0::Event {
        subject: client::Nullable::Value("Let's go for lunch".into()),
        body: client::Nullable::Value(v1_0::ItemBody {
            content_type: client::Nullable::Value(v1_0::BodyType::Html),
            content: client::Nullable::Value("Does noon work for you?".into()),
            ..Default::default()
        }),
        start: client::Nullable::Value(at("2017-04-15T12:00:00")),
        end: client::Nullable::Value(at("2017-04-15T14:00:00")),
        location: client::Nullable::Value(v1_0::Location {
            display_name: client::Nullable::Value("Harry's Bar".into()),
            ..Default::default()
        }),
        attendees: vec![attendee].into(),
        ..Default::default()
    };
    let op = ops::UserPostEvents::new(ops::UserPostEventsPath::Me, event);
    let request = client.request(&op)?;
    assert_eq!(url(&request), "https://graph.microsoft.com/v1.0/me/events");
    assert_eq!(
        json_body(&request),
        documented_request_body("user-post-events.md", "POST", 0)
    );

    let created =
        client.parse::<ops::UserPostEvents>(documented_response("user-post-events.md", 0))?;
    assert_eq!(created.id.as_deref(), Some("AAMkAGI1AAAt9AHjAAA="));
    let status = created.attendees.items()[0]
        .status
        .get()
        .and_then(|s| s.response.as_deref());
    assert_eq!(status, Some("none"));
    println!("4. event created: {:?}", created.web_link.get());
    Ok(())
}

/// Task 5: Update two properties of a user (user-update.md): only what is set is sent.
fn update_user(client: &Client) -> Result {
    let changes = v1_0::User {
        job_title: client::Nullable::Value("Sales Manager".into()),
        office_location: client::Nullable::Value("18/2111".into()),
        ..Default::default()
    };
    let op = ops::UserUpdate::new(
        ops::UserUpdatePath::Users {
            user_id: "87d349ed-44d7-43e1-9a83-5f2406dee5bd".into(),
        },
        changes,
    );
    let request = client.request(&op)?;
    assert_eq!(request.method(), http::Method::PATCH);
    // Exactly the two fields, as the page sends them.
    assert_eq!(
        std::str::from_utf8(request.body())?,
        r#"{"jobTitle":"Sales Manager","officeLocation":"18/2111"}"#
    );
    assert_eq!(
        json_body(&request),
        documented_request_body("user-update.md", "PATCH", 0)
    );
    client.parse::<ops::UserUpdate>(documented_response("user-update.md", 0))?;
    println!("5. user updated");
    Ok(())
}

/// Task 6: Upload a new file into a folder (driveitem-put-content.md, "HTTP request (to upload a
/// new file)"): the body is the file's bytes.
fn upload_file(client: &Client) -> Result {
    let op = ops::DriveItemPutContent::new(
        ops::DriveItemPutContentPath::MeDriveItemsContent2 {
            parent_id: "01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K".into(),
            filename: "report.txt".into(),
        },
        b"The contents of the file goes here.".to_vec(),
    );
    let request = client.request(&op)?;
    assert_eq!(request.method(), http::Method::PUT);
    assert_eq!(
        url(&request),
        "https://graph.microsoft.com/v1.0/me/drive/items/01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K:/report.txt:/content"
    );
    assert_eq!(request.headers()["content-type"], "text/plain");
    let (_, documented_body) = documented("driveitem-put-content.md", &example_request("PUT"), 0);
    assert_eq!(request.body(), documented_body.as_bytes());

    let item = client
        .parse::<ops::DriveItemPutContent>(documented_response("driveitem-put-content.md", 0))?;
    assert_eq!(item.name.as_deref(), Some("report.txt"));
    assert_eq!(item.size.get(), Some(&21));
    println!("6. uploaded: {:?}", item.web_url.get());
    Ok(())
}

/// Task 7: A delta query of users (user-delta.md): the last page carries `@odata.deltaLink`, and a
/// removed user comes with `@removed`.
fn delta(client: &Client) -> Result {
    let op = ops::UserDelta::new().select(["displayName", "jobTitle", "mobilePhone"]);
    let request = client.request(&op)?;
    assert_eq!(
        url(&request),
        "https://graph.microsoft.com/v1.0/users/delta?$select=displayName,jobTitle,mobilePhone"
    );

    let page = client.parse::<ops::UserDelta>(documented_response("user-delta.md", 0))?;
    assert!(page.next_link.is_none());
    let delta_link = page.delta_link.as_deref().expect("a delta link");
    assert!(delta_link.contains("$deltatoken="));
    let removed: Vec<&str> = page
        .value
        .iter()
        .filter(|u| u.additional_properties.contains_key("@removed"))
        .filter_map(|u| u.id.as_deref())
        .collect();
    assert_eq!(removed, ["6e7b768e-07e2-4810-8459-485f84f8f204"]);
    // The next round starts from the delta link.
    let next = client.link_request(delta_link)?;
    assert_eq!(url(&next), delta_link);
    println!(
        "7. delta: {} changes, removed {removed:?}",
        page.value.len()
    );
    Ok(())
}

/// The `n`th documented HTTP message of a page of docs-input/api-reference/v1.0/api/ that
/// starts with `start` (`"HTTP/1.1"` for a response, the method for a request): its first line
/// and its body.
fn documented(page: &str, start: &str, n: usize) -> (String, String) {
    let path = format!(
        "{}/docs-input/api-reference/v1.0/api/{page}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("the page");
    let message = text
        .split("```http\n")
        .skip(1)
        .filter_map(|fence| fence.split_once("\n```"))
        .map(|(message, _)| message)
        .filter(|m| m.starts_with(start))
        .nth(n)
        .unwrap_or_else(|| panic!("{page} documents no message {n} starting with {start}"));
    let (head, body) = message.split_once("\n\n").unwrap_or((message, ""));
    (
        head.lines().next().unwrap_or_default().to_string(),
        body.to_string(),
    )
}

/// The `n`th documented response of a page, as an HTTP client hands it over.
fn documented_response(page: &str, n: usize) -> http::Response<Vec<u8>> {
    let (status_line, body) = documented(page, "HTTP/1.1", n);
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    http::Response::builder()
        .status(status)
        .header("Content-Type", "application/json")
        .body(body.into_bytes())
        .expect("a valid response")
}

/// The JSON body of the `n`th documented request of a page.
fn documented_request_body(page: &str, method: &str, n: usize) -> Value {
    serde_json::from_str(&documented(page, &example_request(method), n).1).expect("a JSON body")
}

/// How an example request starts (the "HTTP request" section writes `METHOD /path`).
fn example_request(method: &str) -> String {
    format!("{method} https://")
}

#[test]
fn seven_tasks() {
    main().expect("every task runs");
}
