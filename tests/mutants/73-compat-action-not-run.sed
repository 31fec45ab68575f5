# mm/vma_desc.c: __compat_vma_mmap_prepare(): the action is not carried out on the VMA of a stacking caller
s/^\terr = mmap_action_run(vma, \&desc.action);$/\terr = 0 \&\& mmap_action_run(vma, \&desc.action);/
