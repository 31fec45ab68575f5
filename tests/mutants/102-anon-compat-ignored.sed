# mm/vma_desc.c: __compat_vma_mmap_prepare(): a stacking caller's VMA keeps its operations when the hook made it anonymous
s/^\t\tvma_set_anonymous(vma);$/\t\t(void)vma;/
