"""Which kind of read each URL is, for the access log (see atout.privacy.middleware).

Any page that loads a person's rows through `visible_to()` has read their file. Its URL name
gives the kind of read. A URL that reads a file but is missing here is still logged, as
UNCLASSIFIED with an error line, and tests/test_access_log_sweep.py fails on it.
"""

from __future__ import annotations

from atout.privacy.models import AccessLogEntry

Kind = AccessLogEntry.Action

READS: dict[str, str] = {
    # Retention (issue 13): the org admin's legal hold page names the file.
    "retention:hold": Kind.VIEW_RETENTION,
    "measures:page": Kind.VIEW_MEASURES,
    # Skills recognition (issue 12): the advisor's dossier pages, the grid's PDF, the CLE
    # agent's income page, the candidate's confirmation page.
    "recognition:create": Kind.VIEW_RECOGNITION,
    "recognition:detail": Kind.VIEW_RECOGNITION,
    "recognition:edit": Kind.VIEW_RECOGNITION,
    "recognition:move": Kind.VIEW_RECOGNITION,
    "recognition:meeting_add": Kind.VIEW_RECOGNITION,
    "recognition:confirm_active": Kind.VIEW_RECOGNITION,
    "recognition:inventory": Kind.VIEW_RECOGNITION,
    "recognition:inventory_pdf": Kind.RECOGNITION_GRID_DOCUMENT,
    "recognition:document_add": Kind.VIEW_RECOGNITION,
    "recognition:document_remove": Kind.VIEW_RECOGNITION,
    "recognition:evidence_add": Kind.VIEW_RECOGNITION,
    "recognition:evidence_remove": Kind.VIEW_RECOGNITION,
    "recognition:link_request": Kind.VIEW_RECOGNITION,
    "recognition:link_revoke": Kind.VIEW_RECOGNITION,
    "recognition:still_active": Kind.VIEW_RECOGNITION,
    "recognition:income": Kind.VIEW_RECOGNITION,
    "measures:letter": Kind.MEASURE_LETTER,
    "participants:my_file": Kind.VIEW_FILE,
    "participants:detail": Kind.VIEW_FILE,
    "participants:edit": Kind.VIEW_FILE,
    "participants:history": Kind.VIEW_HISTORY,
    "participants:note_edit": Kind.VIEW_NOTE,
    "participants:attachment_download": Kind.VIEW_ATTACHMENT,
    "competencies:evaluation_list": Kind.VIEW_SELF_EVALUATION,
    "competencies:evaluation_step": Kind.VIEW_SELF_EVALUATION,
    "competencies:evaluation_review": Kind.VIEW_SELF_EVALUATION,
    "competencies:evaluation_results": Kind.VIEW_SELF_EVALUATION,
    "competencies:evaluation_pdf": Kind.SELF_EVALUATION_DOCUMENT,
    "competencies:language_list": Kind.VIEW_LANGUAGES,
    "competencies:language_add": Kind.VIEW_LANGUAGES,
    "competencies:language_edit": Kind.VIEW_LANGUAGES,
    "competencies:coverage_choose": Kind.VIEW_COVERAGE,
    "competencies:coverage": Kind.VIEW_COVERAGE,
    "passports:home": Kind.VIEW_PASSPORT,
    "passports:step": Kind.VIEW_PASSPORT,
    "passports:preview": Kind.PREVIEW_PASSPORT,
    # The preview's page images (issue 14): each image is a read of the same document.
    "passports:preview_page": Kind.PREVIEW_PASSPORT,
    "passports:draft_document": Kind.PASSPORT_DRAFT_DOCUMENT,
    "passports:version_document": Kind.PASSPORT_VERSION_DOCUMENT,
    "resumes:cv": Kind.VIEW_CV,
    "resumes:preview_page": Kind.VIEW_CV,
    "resumes:document": Kind.CV_DOCUMENT,
    "evidence:list": Kind.VIEW_EVIDENCE,
    "evidence:experience_create": Kind.VIEW_EVIDENCE,
    "evidence:achievement_create": Kind.VIEW_EVIDENCE,
    "evidence:experience_edit": Kind.VIEW_EVIDENCE,
    "evidence:experience_delete": Kind.VIEW_EVIDENCE,
    "evidence:achievement_edit": Kind.VIEW_EVIDENCE,
    "evidence:achievement_delete": Kind.VIEW_EVIDENCE,
    # The JSON Resume export holds the evidence base (and the consented contacts); the import
    # pages show the file's name and what it already holds.
    "jsonresume:export": Kind.VIEW_EVIDENCE,
    "jsonresume:import": Kind.VIEW_EVIDENCE,
    "jsonresume:preview": Kind.VIEW_EVIDENCE,
    "evidence:education_create": Kind.VIEW_EVIDENCE,
    "evidence:education_edit": Kind.VIEW_EVIDENCE,
    "evidence:education_delete": Kind.VIEW_EVIDENCE,
    "evidence:certificate_create": Kind.VIEW_EVIDENCE,
    "evidence:certificate_edit": Kind.VIEW_EVIDENCE,
    "evidence:certificate_delete": Kind.VIEW_EVIDENCE,
    "evidence:reference_create": Kind.VIEW_EVIDENCE,
    "evidence:reference_edit": Kind.VIEW_EVIDENCE,
    "evidence:reference_delete": Kind.VIEW_EVIDENCE,
    "evidence:profile_edit": Kind.VIEW_EVIDENCE,
    "evidence:propose_experience": Kind.VIEW_EVIDENCE,
    "evidence:propose_achievement": Kind.VIEW_EVIDENCE,
    "evidence:proposal_experience_edit": Kind.VIEW_EVIDENCE,
    "evidence:proposal_achievement_edit": Kind.VIEW_EVIDENCE,
    "evidence:experience_review": Kind.VIEW_EVIDENCE,
    "evidence:achievement_review": Kind.VIEW_EVIDENCE,
    "letters:list": Kind.VIEW_LETTER,
    "letters:create": Kind.VIEW_LETTER,
    "letters:detail": Kind.VIEW_LETTER,
    "letters:edit": Kind.VIEW_LETTER,
    "letters:delete": Kind.VIEW_LETTER,
    "letters:history": Kind.VIEW_LETTER,
    "letters:document": Kind.LETTER_DOCUMENT,
    "cards:participant": Kind.VIEW_CARDS,
    "cards:pdf": Kind.CARDS_DOCUMENT,
    "portfolios:page": Kind.VIEW_PORTFOLIO,
    "portfolios:draft_document": Kind.PORTFOLIO_DRAFT_DOCUMENT,
    "portfolios:approved_document": Kind.PORTFOLIO_APPROVED_DOCUMENT,
    "practice:cards": Kind.VIEW_PRACTICE,
    "practice:sheet": Kind.PRACTICE_DOCUMENT,
    "practice:history": Kind.VIEW_PRACTICE,
    "sharing:links": Kind.VIEW_SHARE_LINKS,
    "bundles:page": Kind.VIEW_BUNDLES,
    "bundles:download": Kind.BUNDLE_DOCUMENT,
    "participations:detail": Kind.VIEW_PARTICIPATION,
    "participations:start": Kind.VIEW_PARTICIPATION,
    "participations:mobilisation": Kind.VIEW_PARTICIPATION,
    "participations:mobilisation_letter": Kind.MOBILISATION_DOCUMENT,
    "participations:feedback": Kind.VIEW_FEEDBACK,
    "participations:feedback_document": Kind.FEEDBACK_DOCUMENT,
    # A CLE service request linked to a file (its identity, objective, assessment).
    "referrals:detail": Kind.VIEW_SERVICE_REQUEST,
    "referrals:edit": Kind.VIEW_SERVICE_REQUEST,
    "referrals:accept": Kind.VIEW_SERVICE_REQUEST,
    "referrals:pdf": Kind.SERVICE_REQUEST_DOCUMENT,
    # Skills recognition: what the advisor sends and what the committee reads (the frozen
    # package), the documents sent with it, and the committee's letters.
    "committees:package": Kind.PREVIEW_TRANSMISSION,
    "committees:transmission": Kind.VIEW_TRANSMISSION,
    "committees:decide": Kind.VIEW_TRANSMISSION,
    "committees:document": Kind.TRANSMISSION_DOCUMENT,
    "committees:confirmation": Kind.CONFIRMATION_DOCUMENT,
    "committees:result_letter": Kind.RECOGNITION_RESULT_DOCUMENT,
    "certificates:mine": Kind.VIEW_RECOGNITIONS,
    "certificates:record": Kind.VIEW_CREDENTIALS,
    "certificates:credential_pdf": Kind.CREDENTIAL_DOCUMENT,
    # Issue 13: the organisation admin's CSV of who read the file.
    "privacy:access_log_csv": Kind.EXPORT_ACCESS_LOG,
    # Correction requests: the person's page (the fields of their file) and one request.
    "rectifications:mine": Kind.VIEW_RECTIFICATIONS,
    "rectifications:decide": Kind.VIEW_RECTIFICATIONS,
    # Consents to communicate (issue 13): the person's page, the file's page, withdrawals.
    "disclosures:mine": Kind.VIEW_DISCLOSURES,
    "disclosures:withdraw_mine": Kind.VIEW_DISCLOSURES,
    "disclosures:file": Kind.VIEW_DISCLOSURES,
    "disclosures:withdraw": Kind.VIEW_DISCLOSURES,
    # The copy of a person's data (atout.portability): the pages show the file's name and
    # its copies; the download is the whole file.
    "portability:mine": Kind.VIEW_FILE,
    "portability:file": Kind.VIEW_FILE,
    "portability:download": Kind.PERSONAL_DATA_EXPORT,
}

# Pages that load several files' rows, or only the log itself, and write no entry. Each says
# why; the sweep test accepts no other silent page.
NOT_LOGGED: dict[str, str] = {
    # The person's own page: Qualifications Québec's requests to link their files and the
    # links in force (organisation names and dates); the answers are kept in the history.
    "recognition:my_links": "the person's own file-link requests (organisation names, dates)",
    # Lists of recognition dossiers (names, standards, phases), like the caseload: opening a
    # dossier (or the CLE agent's income page) is logged.
    "recognition:list": "list of Qualifications Québec's recognition dossiers",
    "recognition:cle_list": "list of the recognition candidates a CLE follows",
    # A list shows names and statuses of many files: that is what it is for, and logging it
    # would add 25 rows per page and per keystroke of the search (htmx) to each file's log,
    # drowning the reads that matter. A row without a file would show in no file's history.
    # Opening a file from the list is logged.
    "participants:caseload": "list of the organisation's files (names and statuses)",
    "participants:referred": "list of the files a CLE referred (names and statuses)",
    # Polled every few seconds by the review page (logged itself) while a version's documents
    # are being prepared: the same versions table again, not a new read.
    "passports:versions": "the versions table the review page polls",
    # Polled every 2 s while a bundle is prepared: its state and step, no content of the
    # file; the bundles page that starts it and the download are logged.
    "bundles:progress": "the progress of a print bundle, polled while it is prepared",
    # Polled every 2 s while a copy of the person's data is prepared: its state only; the
    # page that starts it and the download are logged.
    "portability:status": "the progress of a copy of personal data, polled while prepared",
    "participations:followed": "list of the participations a CLE follows (names and statuses)",
    # The participant reading who read their file: logging it would add a line to the very
    # list they are reading, each time they look.
    "privacy:my_file_reads": "the participant reads their own file's access log",
    # The employer's page has no user and reads through the link's token, not visible_to():
    # atout.sharing writes each view itself (ShareLinkView, and an access-log entry whose
    # reader is "employer", of kind SHARED_LINK_READ).
    "sharing:public": "the employer's share link page, logged by atout.sharing itself",
    "sharing:public_document": "the employer's share link PDFs, logged by atout.sharing itself",
    # Lists of requests (names, statuses, ages), like the caseload; opening one is logged.
    "referrals:list": "list of the CLE's service requests (names and statuses)",
    "referrals:inbox": "list of the requests an organisation received (names and statuses)",
    "committees:inbox": "list of the dossiers sent to a committee (names and statuses)",
    # Dashboards (atout.dashboards): aggregates, plus short lists of names like the caseload
    # (the organisation's inbox and overdue participations); the CSV exports carry numbers,
    # never names. Opening a file or a request from them is logged.
    "dashboards:cle": "the CLE's aggregated figures (counts by status, organisation, period)",
    "dashboards:cle_requests_csv": "rows of request and file numbers with statuses, no names",
    "dashboards:cle_participations_csv": "rows of participation and file numbers, no names",
    "dashboards:organisation": "list of the organisation's late items (names and statuses)",
    "dashboards:organisation_csv": "rows of participation and file numbers, no names",
    # The recognition report: counts, durations and outcomes; no name, no file.
    "dashboards:recognition": "the recognition report's aggregated figures (no names)",
    "dashboards:recognition_csv": "the recognition report's figures as CSV (no names)",
    # Correction requests awaiting an answer (names, the field's label, deadlines), like the
    # caseload; opening one is logged.
    "rectifications:pending": "list of the correction requests to answer (names, deadlines)",
}

# A read sent as an attachment is a download of the same thing.
DOWNLOADS: dict[str, str] = {Kind.VIEW_ATTACHMENT: Kind.DOWNLOAD_ATTACHMENT}

# Kinds whose URL's `pk` names the attachment read (kept on the entry).
ATTACHMENT_KINDS = frozenset({Kind.VIEW_ATTACHMENT, Kind.DOWNLOAD_ATTACHMENT})
