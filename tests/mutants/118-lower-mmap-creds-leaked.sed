# mm/vma.c: mmap_region_flags(): the credentials of a lower ->mmap() are never put
s/^\t\tput_cred(lower_cred);$/\t\t(void)lower_cred;/
