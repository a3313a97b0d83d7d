COPY core.match_links (
    run_id, owner, kind, left_source, left_record_id, right_source, right_record_id,
    score, method, evidence, rules_version
) FROM STDIN
