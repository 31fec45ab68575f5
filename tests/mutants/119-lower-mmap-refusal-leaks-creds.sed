# mm/vma_desc.c: call_mmap_prepare(): a refused or failing hook keeps the credentials of its lower ->mmap()
/^drop_file:$/,/^}$/s/^\tmmap_action_release(&desc->action);$/\t(void)desc;/
