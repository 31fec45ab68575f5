# mm/vma_desc.c: mmap_action_violation(): an error override that is no error code is accepted
s/^\t    !IS_ERR_VALUE((unsigned long)(long)action->error_override))$/\t    0)/
