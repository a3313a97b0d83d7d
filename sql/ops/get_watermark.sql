SELECT value FROM ops.watermarks WHERE source = :source AND scope = :scope
