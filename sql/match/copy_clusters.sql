COPY core.work_clusters (run_id, owner, source, record_id, cluster) FROM STDIN
