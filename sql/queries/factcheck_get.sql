SELECT * FROM factchecks WHERE factcheck_id = $factcheck_id
