# mm/vma.c: mmap_region_prepare(): a failed action releases its reservation twice
/^\terror = vma_desc_complete(\&desc, uf);$/{n;s/^\tif (error) {$/\tif (error \&\& (mmap_action_abort(\&desc), 1)) {/}
