# mm/vma.c: mmap_region_prepare(): the credentials of a lower ->mmap() are never put
s/^\t\tput_cred(desc.action.lower.cred);$/\t\t(void)desc;/
