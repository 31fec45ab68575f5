# mm/vma_desc.c: mmap_action_run(): a failed action on the compat path ignores its error override
s/^\tif (err \&\& action->error_override)$/\tif (0 \&\& err \&\& action->error_override)/
